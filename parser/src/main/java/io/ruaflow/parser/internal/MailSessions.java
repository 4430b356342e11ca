package io.ruaflow.parser.internal;

import jakarta.mail.Session;
import java.util.Properties;

/**
 * The mail sessions MIME parsing runs in, made on first use: most inputs (a bare .xml, .gz or .zip) never need one,
 * and making one loads the mail providers and java.util.logging, a noticeable part of a short command's start.
 */
final class MailSessions {
    private MailSessions() {}

    /** For report mails: lenient about the faults real reporters' mails have. */
    static Session reports() {
        return Reports.SESSION;
    }

    /** For failure reports (RFC 6591), whose text parts carry the original's headers: lenient about those too. */
    static Session failureReports() {
        return FailureReports.SESSION;
    }

    private static Properties lenient() {
        Properties props = new Properties();
        props.setProperty("mail.mime.base64.ignoreerrors", "true");
        props.setProperty("mail.mime.ignoreunknownencoding", "true");
        props.setProperty("mail.mime.parameters.strict", "false");
        props.setProperty("mail.mime.multipart.allowempty", "true");
        props.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        return props;
    }

    private static final class Reports {
        static final Session SESSION = Session.getInstance(lenient());
    }

    private static final class FailureReports {
        static final Session SESSION;

        static {
            Properties props = lenient();
            props.setProperty("mail.mime.decodetext.strict", "false");
            SESSION = Session.getInstance(props);
        }
    }
}
