package io.ruaflow.api.weekly;

import io.ruaflow.store.DailyVolume;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A bar chart of daily DMARC pass (bottom) and fail (stacked on top) volume: inline SVG, and PNG for mail. */
final class WeeklyChart {
    static final int WIDTH = 700;
    static final int HEIGHT = 240;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 28;
    private static final int BOTTOM = 34;

    private WeeklyChart() {}

    static String svg(List<DailyVolume> days) {
        long max = 0;
        for (DailyVolume d : days) {
            max = Math.max(max, d.dmarcPass() + d.dmarcFail());
        }
        long scaleMax = niceCeiling(max);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"Daily DMARC pass and fail volume\"")
                .append(" style=\"max-width:100%;height:auto;font-family:Helvetica,Arial,sans-serif;\">\n");
        s.append("<title>Daily DMARC pass and fail volume</title>\n");
        // legend
        s.append("<rect x=\"")
                .append(LEFT)
                .append("\" y=\"6\" width=\"12\" height=\"12\" fill=\"")
                .append(WeeklyReportHtml.PASS_COLOR)
                .append("\"/><text x=\"")
                .append(LEFT + 18)
                .append("\" y=\"16\" font-size=\"12\" fill=\"#333\">DMARC pass</text>");
        s.append("<rect x=\"")
                .append(LEFT + 110)
                .append("\" y=\"6\" width=\"12\" height=\"12\" fill=\"")
                .append(WeeklyReportHtml.FAIL_COLOR)
                .append("\"/><text x=\"")
                .append(LEFT + 128)
                .append("\" y=\"16\" font-size=\"12\" fill=\"#333\">DMARC fail</text>\n");
        // grid and y labels
        for (int i = 0; i <= 4; i++) {
            long value = scaleMax * i / 4;
            double y = TOP + plotH - (double) plotH * i / 4;
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e5e8\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#5f6b7a\" text-anchor=\"end\">%s</text>\n",
                    LEFT,
                    y,
                    WIDTH - RIGHT,
                    y,
                    LEFT - 6,
                    y + 4,
                    compact(value)));
        }
        int n = Math.max(1, days.size());
        double slot = (double) plotW / n;
        double bar = slot * 0.62;
        for (int i = 0; i < days.size(); i++) {
            DailyVolume d = days.get(i);
            double x = LEFT + i * slot + (slot - bar) / 2;
            double passH = scaleMax == 0 ? 0 : (double) plotH * d.dmarcPass() / scaleMax;
            double failH = scaleMax == 0 ? 0 : (double) plotH * d.dmarcFail() / scaleMax;
            double base = TOP + plotH;
            s.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"pass\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                            + "<title>%s: %d pass</title></rect>",
                    x,
                    base - passH,
                    bar,
                    passH,
                    WeeklyReportHtml.PASS_COLOR,
                    d.day(),
                    d.dmarcPass()));
            s.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"fail\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                            + "<title>%s: %d fail</title></rect>",
                    x,
                    base - passH - failH,
                    bar,
                    failH,
                    WeeklyReportHtml.FAIL_COLOR,
                    d.day(),
                    d.dmarcFail()));
            String label = d.day().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " "
                    + d.day().getDayOfMonth();
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#5f6b7a\" text-anchor=\"middle\">%s</text>\n",
                    x + bar / 2,
                    HEIGHT - BOTTOM + 16,
                    label));
        }
        s.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#8a94a3\"/>\n",
                LEFT,
                TOP + plotH,
                WIDTH - RIGHT,
                TOP + plotH));
        s.append("</svg>\n");
        return s.toString();
    }

    /**
     * The same chart as a PNG (Java2D), for mail clients that do not draw inline SVG (Outlook): legend, the four
     * grid lines with their values, the stacked pass/fail bars and the day labels, in the SVG's geometry.
     */
    static byte[] png(List<DailyVolume> days) {
        long max = 0;
        for (DailyVolume d : days) {
            max = Math.max(max, d.dmarcPass() + d.dmarcFail());
        }
        long scaleMax = niceCeiling(max);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.decode(WeeklyReportHtml.PASS_COLOR));
            g.fillRect(LEFT, 6, 12, 12);
            g.setColor(Color.decode(WeeklyReportHtml.FAIL_COLOR));
            g.fillRect(LEFT + 110, 6, 12, 12);
            g.setColor(Color.decode("#333333"));
            g.drawString("DMARC pass", LEFT + 18, 16);
            g.drawString("DMARC fail", LEFT + 128, 16);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i <= 4; i++) {
                int y = (int) Math.round(TOP + plotH - (double) plotH * i / 4);
                g.setColor(Color.decode("#e3e5e8"));
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                String label = compact(scaleMax * i / 4);
                g.setColor(Color.decode("#5f6b7a"));
                g.drawString(label, LEFT - 6 - metrics.stringWidth(label), y + 4);
            }
            int n = Math.max(1, days.size());
            double slot = (double) plotW / n;
            double bar = slot * 0.62;
            int base = TOP + plotH;
            for (int i = 0; i < days.size(); i++) {
                DailyVolume d = days.get(i);
                double x = LEFT + i * slot + (slot - bar) / 2;
                int passH = (int) Math.round(scaleMax == 0 ? 0 : (double) plotH * d.dmarcPass() / scaleMax);
                int failH = (int) Math.round(scaleMax == 0 ? 0 : (double) plotH * d.dmarcFail() / scaleMax);
                g.setColor(Color.decode(WeeklyReportHtml.PASS_COLOR));
                g.fillRect((int) Math.round(x), base - passH, (int) Math.round(bar), passH);
                g.setColor(Color.decode(WeeklyReportHtml.FAIL_COLOR));
                g.fillRect((int) Math.round(x), base - passH - failH, (int) Math.round(bar), failH);
                String label = d.day().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " "
                        + d.day().getDayOfMonth();
                g.setColor(Color.decode("#5f6b7a"));
                g.drawString(
                        label, (int) Math.round(x + bar / 2 - metrics.stringWidth(label) / 2.0), HEIGHT - BOTTOM + 16);
            }
            g.setColor(Color.decode("#8a94a3"));
            g.drawLine(LEFT, base, WIDTH - RIGHT, base);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the weekly chart as PNG", e);
        }
        return out.toByteArray();
    }

    /**
     * The smallest 1, 2, 4, 6 or 8 times a power of ten at or above {@code max} (at least 4), so that each of the four
     * grid steps is a round number.
     */
    static long niceCeiling(long max) {
        if (max <= 4) {
            return 4;
        }
        long power = 1;
        while (power * 10 <= max) {
            power *= 10;
        }
        for (long step : new long[] {1, 2, 4, 6, 8, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }

    static String compact(long value) {
        if (value >= 1_000_000) {
            return trim(value / 1_000_000.0) + "M";
        }
        if (value >= 1_000) {
            return trim(value / 1_000.0) + "k";
        }
        return Long.toString(value);
    }

    private static String trim(double v) {
        String text = String.format(Locale.ROOT, "%.1f", v);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
