package io.ruaflow.samples;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server on loopback that answers UDP and TCP queries from zone data held in memory: a
 * BIND master file and/or records added one by one. It exists so that tests, benchmarks and the offline demo run the
 * enricher's real network path without the internet.
 *
 * <ul>
 *   <li>A name that holds records, or has a descendant that does, but none of the asked type: NOERROR with no
 *       answer (NODATA). Any other name: NXDOMAIN. The zone's SOA, if one was loaded, goes in the authority section
 *       of both, so negative answers carry a TTL.
 *   <li>A CNAME is followed inside the zone (at most {@value #MAX_CNAME_CHAIN} links).
 *   <li>UDP answers larger than 512 bytes (or the client's EDNS size) are sent empty with the TC bit, so the client
 *       retries over TCP.
 *   <li>{@link #neverAnswer(String)}: queries for that name get no reply at all, unless the name holds records of the
 *       asked type. {@link #serverFailure(String)}: queries for that name get SERVFAIL.
 *   <li>Every query received (UDP and TCP) is counted, in total and per (name, type).
 * </ul>
 *
 * Port 0 picks a free port (the same one for UDP and TCP). {@link #close()} may be called more than once.
 */
public final class ZoneDnsServer implements AutoCloseable {
    public static final int MAX_CNAME_CHAIN = 8;
    static final int PLAIN_UDP_LIMIT = 512;
    private static final Logger log = LoggerFactory.getLogger(ZoneDnsServer.class);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Map<Name, Map<Integer, List<Record>>> zone = new ConcurrentHashMap<>();
    private final Set<Name> existingNames = ConcurrentHashMap.newKeySet();
    private final Set<Name> silentNames = ConcurrentHashMap.newKeySet();
    private final Set<Name> failingNames = ConcurrentHashMap.newKeySet();
    private final AtomicLong totalQueries = new AtomicLong();
    private final AtomicLong tcpQueries = new AtomicLong();
    private final Map<String, LongAdder> queriesByKey = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService threads;

    private ZoneDnsServer(int port) throws IOException {
        this.tcp = new ServerSocket(port, 256, LOOPBACK);
        DatagramSocket datagram = null;
        try {
            datagram = new DatagramSocket(new InetSocketAddress(LOOPBACK, tcp.getLocalPort()));
            datagram.setReceiveBufferSize(1 << 20);
        } catch (IOException e) {
            tcp.close();
            throw e;
        }
        this.udp = datagram;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "zone-dns-" + tcp.getLocalPort());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::serveUdp);
        threads.execute(this::serveTcp);
    }

    /** Starts an empty server on 127.0.0.1; {@code port} 0 picks a free one. */
    public static ZoneDnsServer start(int port) throws IOException {
        return new ZoneDnsServer(port);
    }

    /** Starts a server answering from a BIND master file (origin {@code .} unless the file sets $ORIGIN). */
    public static ZoneDnsServer fromMasterFile(Path file, int port) throws IOException {
        ZoneDnsServer server = start(port);
        try (InputStream in = Files.newInputStream(file)) {
            server.addMasterFile(in, Name.root);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("zone file " + file + " could not be loaded: " + e.getMessage(), e);
        }
        return server;
    }

    /** Adds every record of a BIND master file; relative names are relative to {@code origin}. */
    public ZoneDnsServer addMasterFile(InputStream in, Name origin) throws IOException {
        try (Master master = new Master(in, origin, 300)) {
            Record record;
            while ((record = master.nextRecord()) != null) {
                add(record);
            }
        }
        return this;
    }

    /** Adds records written as master-file lines, e.g. {@code "example.com. 300 IN TXT \"v=spf1 -all\""}. */
    public ZoneDnsServer addZoneText(String masterFileText) throws IOException {
        return addMasterFile(new ByteArrayInputStream(masterFileText.getBytes(StandardCharsets.UTF_8)), Name.root);
    }

    public ZoneDnsServer add(Record record) {
        Name name = record.getName();
        zone.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).compute(record.getType(), (type, list) -> {
            List<Record> copy = list == null ? new ArrayList<>() : new ArrayList<>(list);
            copy.add(record);
            return List.copyOf(copy);
        });
        for (Name ancestor = name; ancestor.labels() > 1; ancestor = parent(ancestor)) {
            if (!existingNames.add(ancestor)) {
                break;
            }
        }
        return this;
    }

    /** Queries for {@code name} get no reply, except for types the name holds records of. */
    public ZoneDnsServer neverAnswer(String name) {
        silentNames.add(toName(name));
        return this;
    }

    /** Queries for {@code name} are answered with SERVFAIL. */
    public ZoneDnsServer serverFailure(String name) {
        failingNames.add(toName(name));
        return this;
    }

    /** Forgets all records, silent and failing names, and counts. */
    public void clear() {
        zone.clear();
        existingNames.clear();
        silentNames.clear();
        failingNames.clear();
        resetCounts();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, tcp.getLocalPort());
    }

    /** {@code 127.0.0.1:PORT}, as {@code --dns} and {@code DnsSettings.withServer} take it. */
    public String hostAndPort() {
        return LOOPBACK.getHostAddress() + ":" + tcp.getLocalPort();
    }

    public long queryCount() {
        return totalQueries.get();
    }

    /** Queries received over TCP (after a truncated UDP answer, usually). */
    public long tcpQueryCount() {
        return tcpQueries.get();
    }

    /** Queries received for {@code name} with type {@code type} (e.g. "TXT"). */
    public long queryCount(String name, String type) {
        LongAdder adder = queriesByKey.get(key(toName(name), Type.value(type)));
        return adder == null ? 0 : adder.sum();
    }

    /** Counts per {@code "name TYPE"}, sorted. */
    public Map<String, Long> queryCounts() {
        Map<String, Long> counts = new TreeMap<>();
        queriesByKey.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    public void resetCounts() {
        totalQueries.set(0);
        tcpQueries.set(0);
        queriesByKey.clear();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            udp.close();
            try {
                tcp.close();
            } catch (IOException e) {
                log.debug("closing TCP socket: {}", e.toString());
            }
            threads.shutdownNow();
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed.get()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                byte[] queryBytes = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] reply = answer(queryBytes, false);
                if (reply != null) {
                    udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (SocketException e) {
                if (!closed.get()) {
                    log.warn("UDP socket failed, UDP service stops: {}", e.toString());
                }
                return;
            } catch (IOException | RuntimeException e) {
                log.debug("UDP query dropped: {}", e.toString());
            }
        }
    }

    private void serveTcp() {
        while (!closed.get()) {
            try {
                Socket socket = tcp.accept();
                threads.execute(() -> serveConnection(socket));
            } catch (IOException e) {
                if (!closed.get()) {
                    log.warn("TCP accept failed, TCP service stops: {}", e.toString());
                }
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    private void serveConnection(Socket socket) {
        try (socket;
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (!closed.get()) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] query = new byte[length];
                in.readFully(query);
                byte[] reply = answer(query, true);
                if (reply == null) {
                    continue;
                }
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("TCP connection ended: {}", e.toString());
        }
    }

    /** The reply's bytes, or null when the query must go unanswered. */
    byte[] answer(byte[] queryBytes, boolean overTcp) throws IOException {
        Message query = new Message(queryBytes);
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response.toWire();
        }
        response.addRecord(question, Section.QUESTION);
        Name qname = question.getName();
        int qtype = question.getType();
        totalQueries.incrementAndGet();
        if (overTcp) {
            tcpQueries.incrementAndGet();
        }
        queriesByKey.computeIfAbsent(key(qname, qtype), k -> new LongAdder()).increment();

        if (failingNames.contains(qname)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response.toWire();
        }
        Map<Integer, List<Record>> rrsets = zone.get(qname);
        boolean holdsType = rrsets != null && (rrsets.containsKey(qtype) || rrsets.containsKey(Type.CNAME));
        if (silentNames.contains(qname) && !holdsType) {
            return null;
        }
        response.getHeader().setFlag(Flags.AA);
        int rcode = resolveInto(response, qname, qtype);
        response.getHeader().setRcode(rcode);
        if (response.getSection(Section.ANSWER).isEmpty()) {
            SOARecord soa = soaFor(qname);
            if (soa != null) {
                response.addRecord(soa, Section.AUTHORITY);
            }
        }
        byte[] wire = response.toWire();
        if (overTcp) {
            return wire;
        }
        OPTRecord opt = query.getOPT();
        int limit = opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, opt.getPayloadSize());
        if (wire.length <= limit) {
            return wire;
        }
        Message truncated = new Message(query.getHeader().getID());
        truncated.getHeader().setFlag(Flags.QR);
        truncated.getHeader().setFlag(Flags.AA);
        truncated.getHeader().setFlag(Flags.TC);
        truncated.addRecord(question, Section.QUESTION);
        return truncated.toWire();
    }

    private int resolveInto(Message response, Name qname, int qtype) {
        Name current = qname;
        for (int link = 0; link <= MAX_CNAME_CHAIN; link++) {
            Map<Integer, List<Record>> rrsets = zone.get(current);
            if (rrsets == null) {
                return existingNames.contains(current) ? Rcode.NOERROR : Rcode.NXDOMAIN;
            }
            List<Record> records = qtype == Type.ANY ? allOf(rrsets) : rrsets.get(qtype);
            if (records != null && !records.isEmpty()) {
                records.forEach(r -> response.addRecord(r, Section.ANSWER));
                return Rcode.NOERROR;
            }
            List<Record> cnames = rrsets.get(Type.CNAME);
            if (cnames == null || cnames.isEmpty() || qtype == Type.CNAME) {
                return Rcode.NOERROR;
            }
            CNAMERecord cname = (CNAMERecord) cnames.get(0);
            response.addRecord(cname, Section.ANSWER);
            current = cname.getTarget();
        }
        return Rcode.NOERROR;
    }

    private static List<Record> allOf(Map<Integer, List<Record>> rrsets) {
        List<Record> all = new ArrayList<>();
        rrsets.values().forEach(all::addAll);
        return all;
    }

    private SOARecord soaFor(Name name) {
        for (Name n = name; ; n = parent(n)) {
            Map<Integer, List<Record>> rrsets = zone.get(n);
            if (rrsets != null && rrsets.containsKey(Type.SOA)) {
                return (SOARecord) rrsets.get(Type.SOA).get(0);
            }
            if (n.labels() <= 1) {
                return null;
            }
        }
    }

    private static Name parent(Name name) {
        return new Name(name, 1);
    }

    private static String key(Name name, int type) {
        return name.toString(true).toLowerCase(java.util.Locale.ROOT) + " " + Type.string(type);
    }

    private static Name toName(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }
}
