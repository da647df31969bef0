package dev.weir.server.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;

/** The server's TLS settings, read from a PKCS12 keystore (as {@code keytool} writes it). */
public final class Tls {
    private Tls() {}

    /**
     * A server context with the key and certificate chain in {@code keystore}. Fails, naming the
     * file and what is wrong with it, when the file is missing, the password does not open it or it
     * holds no private key (a truststore given by mistake): better at start than at every client's
     * handshake.
     */
    public static SslContext serverContext(Path keystore, char[] password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException(
                        "The TLS keystore "
                                + keystore
                                + " holds no private key: make one with keytool -genkeypair"
                                + " (see the README).");
            }
            KeyManagerFactory keys =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return SslContextBuilder.forServer(keys).build();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("The TLS keystore " + keystore + " does not exist.");
        } catch (IOException | GeneralSecurityException e) {
            // KeyStore.load reports a wrong password as an IOException whose cause says so.
            String reason =
                    e.getCause() instanceof UnrecoverableKeyException
                            ? "the password does not open it (--tls-password or WEIR_TLS_PASSWORD)"
                            : String.valueOf(e.getMessage());
            throw new IllegalArgumentException(
                    "Cannot use the TLS keystore " + keystore + ": " + reason + ".", e);
        }
    }
}
