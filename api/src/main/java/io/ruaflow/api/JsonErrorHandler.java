package io.ruaflow.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ruaflow.parser.ReportJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's error handler for the errors no route sees: requests refused while parsing (bad URI, oversized headers,
 * bad Content-Length, unknown HTTP versions…) and errors raised outside Javalin's handlers. Installed on the
 * server and on the servlet context, it answers every one of them with the API's {@code {"error": "..."}} body
 * instead of Jetty's HTML page, and never shows a servlet or class name.
 */
final class JsonErrorHandler extends ErrorHandler {
    /** The longest Jetty reason shown to a client; longer ones are left out. */
    static final int MAX_REASON_LENGTH = 120;

    /** A reason worth showing: printable ASCII, and no dotted name that could be a class or package. */
    private static final Pattern SAFE_REASON = Pattern.compile("[\\x20-\\x7e]+");

    private static final Pattern QUALIFIED_NAME = Pattern.compile("[A-Za-z_$][\\w$]*\\.[A-Za-z_$][\\w$]*\\.");

    @Override
    public boolean errorPageForMethod(String method) {
        return true; // every method gets the JSON body, not only GET, POST and HEAD
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    protected void generateAcceptableResponse(
            Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        if (response.isCommitted()) {
            return;
        }
        byte[] body = body(code, message);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static byte[] body(int status, String reason) {
        try {
            return ReportJson.mapper().writeValueAsBytes(Map.of("error", message(status, reason)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an error body", e);
        }
    }

    /** The error text for {@code status}: its standard phrase, plus Jetty's reason when that is safe to show. */
    static String message(int status, String reason) {
        String phrase = HttpStatus.getMessage(status);
        String text = phrase == null ? "error " + status : phrase.toLowerCase(Locale.ROOT);
        if (reason != null
                && !reason.equalsIgnoreCase(phrase)
                && reason.length() <= MAX_REASON_LENGTH
                && SAFE_REASON.matcher(reason).matches()
                && !QUALIFIED_NAME.matcher(reason).find()
                && !reason.contains("Exception")) {
            text += ": " + reason;
        }
        return text;
    }
}
