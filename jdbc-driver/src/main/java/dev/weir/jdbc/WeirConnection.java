package dev.weir.jdbc;

import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.UnregisteredDriver;

/** Avatica's connection, which can also stop a statement's query on the server. */
final class WeirConnection extends AvaticaConnection {
    private static final Logger LOG = Logger.getLogger(WeirConnection.class.getName());

    WeirConnection(UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info) {
        super(driver, factory, url, info);
    }

    /**
     * Closes the statement on the server, from any thread: its query stops, and a fetch waiting for
     * its rows returns at once with the end of the result. The server re-creates the statement if
     * the application executes it again. The request travels on its own HTTP connection, beside the
     * fetch it ends.
     */
    void cancelOnServer(Meta.StatementHandle handle) {
        try {
            meta.closeStatement(handle);
        } catch (RuntimeException e) {
            // The server is gone or the statement already closed: nothing left to stop.
            LOG.log(Level.FINE, "cancel of statement " + handle.id + " not delivered", e);
        }
    }
}
