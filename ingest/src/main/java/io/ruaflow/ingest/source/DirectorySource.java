package io.ruaflow.ingest.source;

import io.ruaflow.ingest.source.AckWindow.PublishFailedException;
import io.ruaflow.parser.ReportSniffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a folder, recursively: plain report files (XML, gzip, zip), mail files ({@code .eml}, Maildir
 * {@code new/} and {@code cur/} entries) and mbox files. Each input is published to the raw topic and, once the
 * publish is acknowledged, moved to {@code processed/} under the same relative path (an mbox file after all of its
 * messages); a file holding no report is moved to {@code invalid/}. Hidden files, Maildir {@code tmp/} folders and
 * the processed and invalid folders are skipped. Nothing is deleted. After a crash the files not yet moved are
 * imported again; the store counts a report once however often it arrives.
 *
 * <p>While polling, a file is read only once it has stayed unchanged for {@link DirectorySettings#settle()}: by its
 * modification time, or (for a clock that disagrees with ours) by its size and time being the same as a scan that
 * long ago saw. Otherwise a file still being copied in would be read half-written and rejected as truncated.
 */
public final class DirectorySource implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectorySource.class);

    /** A file as a scan saw it: while its size and modification time stay the same, since when. */
    private record Sighting(long size, FileTime modified, long sinceNanos) {}

    private record Item(Path file, String source, boolean lastOfFile) {
        @Override
        public String toString() {
            return source;
        }
    }

    private final Path root;
    private final DirectorySettings settings;
    private final RawPublisher publisher;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Consumer<String> beforeMarkDone = source -> {};
    /** Files not yet settled, as the scans saw them; touched by the scanning thread only. */
    private final Map<Path, Sighting> unsettled = new HashMap<>();

    public DirectorySource(Path root, DirectorySettings settings, RawPublisher publisher) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("not a folder: " + root);
        }
        this.root = root.toAbsolutePath().normalize();
        this.settings = settings;
        this.publisher = publisher;
    }

    /** Test hook: runs after an input's publish was acknowledged and before it is moved. */
    public void beforeMarkDone(Consumer<String> hook) {
        this.beforeMarkDone = hook;
    }

    /** Scans once, or every poll interval until {@link #close()} when one is set. */
    @Override
    public void run() {
        do {
            try {
                scanOnce();
            } catch (PublishFailedException e) {
                LOG.warn("{}; the file stays and is tried again on the next scan", e.getMessage());
            } catch (IOException e) {
                LOG.warn("scanning {} failed: {}; trying again on the next scan", root, e.toString());
            }
            if (settings.pollInterval().isZero()) {
                return;
            }
            sleep(settings.pollInterval().toMillis());
        } while (!stopping.get());
    }

    /** Imports every file present now; returns how many inputs were published. */
    public int scanOnce() throws IOException, PublishFailedException {
        AckWindow<Item> window = new AckWindow<>(settings.maxInflight());
        int published = 0;
        try {
            List<Path> candidates = candidates();
            unsettled.keySet().retainAll(new HashSet<>(candidates));
            for (Path file : candidates) {
                if (stopping.get()) {
                    break;
                }
                if (!settled(file)) {
                    continue;
                }
                published += importFile(file, window);
            }
            window.drain(this::markDone, 0);
        } catch (PublishFailedException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return published;
    }

    /** Whether {@code file} may be read now (see the class comment); always on a one-time scan. */
    private boolean settled(Path file) throws IOException {
        Duration settle = settings.settle();
        if (settings.pollInterval().isZero() || settle.isZero()) {
            return true;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return false; // moved away by someone else since the listing
        }
        long now = System.nanoTime();
        FileTime modified = attributes.lastModifiedTime();
        if (Duration.ofMillis(System.currentTimeMillis() - modified.toMillis()).compareTo(settle) >= 0) {
            unsettled.remove(file);
            return true;
        }
        Sighting seen = unsettled.get(file);
        if (seen == null || seen.size() != attributes.size() || !seen.modified().equals(modified)) {
            unsettled.put(file, new Sighting(attributes.size(), modified, now));
            LOG.debug("{}: changed within the last {}; read on a later scan", root.relativize(file), settle);
            return false;
        }
        if (now - seen.sinceNanos() >= settle.toNanos()) {
            unsettled.remove(file);
            return true;
        }
        return false;
    }

    private int importFile(Path file, AckWindow<Item> window) throws Exception {
        String relative = root.relativize(file).toString();
        long size = Files.size(file);
        if (MboxSplitter.isMbox(file)) {
            int count = 0;
            try (MboxSplitter mbox = new MboxSplitter(file, settings.maxInputBytes())) {
                MboxSplitter.Message message = mbox.next();
                while (message != null) {
                    MboxSplitter.Message following = mbox.next();
                    String source = relative + "#" + (message.index() + 1);
                    if (message.truncated()) {
                        LOG.warn(
                                "{}: message over {} bytes skipped (raised by {})",
                                source,
                                settings.maxInputBytes(),
                                DirectorySettings.MAX_INPUT_BYTES_KEY);
                    } else if (!ReportSniffer.mayHoldReport(message.bytes())) {
                        LOG.info("{}: no report attachment; skipped", source);
                        publisher.countInvalid("mbox");
                    } else {
                        window.add(
                                new Item(file, source, false),
                                publisher.publish("mbox", source, message.bytes()),
                                this::markDone);
                        count++;
                    }
                    message = following;
                }
            }
            window.add(
                    new Item(file, relative, true),
                    java.util.concurrent.CompletableFuture.completedFuture(null),
                    this::markDone);
            return count;
        }
        if (size > settings.maxInputBytes()) {
            LOG.warn(
                    "{}: {} bytes is over the limit of {} (raised by {}); moved to invalid",
                    relative,
                    size,
                    settings.maxInputBytes(),
                    DirectorySettings.MAX_INPUT_BYTES_KEY);
            move(file, settings.invalid());
            return 0;
        }
        byte[] raw = Files.readAllBytes(file);
        String kind = relative.contains("/new/") || relative.contains("/cur/") ? "maildir" : "dir";
        if (!ReportSniffer.mayHoldReport(raw)) {
            LOG.info("{}: no report attachment; moved to invalid", relative);
            publisher.countInvalid(kind);
            window.drain(this::markDone, 0);
            move(file, settings.invalid());
            return 0;
        }
        window.add(new Item(file, relative, true), publisher.publish(kind, relative, raw), this::markDone);
        return 1;
    }

    private void markDone(Item item) throws IOException {
        beforeMarkDone.accept(item.source());
        if (item.lastOfFile()) {
            move(item.file(), settings.processed());
        }
    }

    private void move(Path file, Path targetRoot) throws IOException {
        Path target = targetRoot.resolve(root.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Path free = target;
        for (int i = 1; Files.exists(free); i++) {
            free = target.resolveSibling(target.getFileName() + "." + i);
        }
        Files.move(file, free, StandardCopyOption.ATOMIC_MOVE);
    }

    private List<Path> candidates() throws IOException {
        Path processed = settings.processed().toAbsolutePath().normalize();
        Path invalid = settings.invalid().toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(path -> !path.startsWith(processed) && !path.startsWith(invalid))
                    .filter(path -> !hidden(root.relativize(path)))
                    .sorted()
                    .forEach(files::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return files;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.equals("tmp")) {
                return true;
            }
        }
        String name = relative.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".part") || name.endsWith(".tmp");
    }

    private void sleep(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (!stopping.get() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(Math.min(100, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops after the current file; safe to call twice. */
    @Override
    public void close() {
        stopping.set(true);
    }
}
