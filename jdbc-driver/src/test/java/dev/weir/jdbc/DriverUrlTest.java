package dev.weir.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How a {@code jdbc:weir://} URL becomes Avatica's URL and connection properties. */
class DriverUrlTest {
    @Test
    void hostPortAndOptionsBecomeAvaticasUrl() throws SQLException {
        assertThat(Driver.toAvaticaUrl("jdbc:weir://db.example:9000"))
                .isEqualTo("jdbc:weir:url=http://db.example:9000;serialization=protobuf");
        assertThat(Driver.toAvaticaUrl("jdbc:weir://db.example/"))
                .isEqualTo("jdbc:weir:url=http://db.example:8765;serialization=protobuf");
        assertThat(Driver.toAvaticaUrl("jdbc:weir://h:1?queryTimeout=5&x=y"))
                .isEqualTo("jdbc:weir:url=http://h:1;serialization=protobuf;queryTimeout=5;x=y");
    }

    @Test
    void sslTrueIsHttpsAndTheTruststoreOptionsPassThrough() throws SQLException {
        assertThat(
                        Driver.toAvaticaUrl(
                                "jdbc:weir://h:1?ssl=true&truststore=/t.p12&truststore_password=pw"))
                .isEqualTo(
                        "jdbc:weir:url=https://h:1;serialization=protobuf;truststore=/t.p12;"
                                + "truststore_password=pw");
        assertThat(Driver.toAvaticaUrl("jdbc:weir://h:1?SSL=TRUE"))
                .isEqualTo("jdbc:weir:url=https://h:1;serialization=protobuf");
        assertThat(Driver.toAvaticaUrl("jdbc:weir://h:1?ssl=false"))
                .isEqualTo("jdbc:weir:url=http://h:1;serialization=protobuf");
        assertThatThrownBy(() -> Driver.toAvaticaUrl("jdbc:weir://h:1?ssl=yes"))
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> {
                            assertThat(e.getMessage())
                                    .isEqualTo("The option ssl is true or false, not 'yes'.");
                            assertThat(e.getSQLState()).isEqualTo("08001");
                            assertThat(e.getErrorCode()).isEqualTo(31);
                        });
        assertThatThrownBy(() -> Driver.toAvaticaUrl("jdbc:weir://?ssl=true"))
                .hasMessage("A Weir URL names a host: jdbc:weir://host:port");
    }

    @Test
    void credentialsBecomeBasicAndWeirsHttpClientIsTheDefault() {
        Properties info = new Properties();
        info.setProperty("user", "ann");
        info.setProperty("password", "s3cret");
        Properties p = Driver.connectionProperties(info, "jdbc:weir://h:1");
        assertThat(p.getProperty("authentication")).isEqualTo("BASIC");
        assertThat(p.getProperty("avatica_user")).isEqualTo("ann");
        assertThat(p.getProperty("avatica_password")).isEqualTo("s3cret");
        assertThat(p.getProperty("httpclient_impl")).isEqualTo(WeirHttpClient.class.getName());
        // An application's own HTTP client is kept.
        Properties own =
                Driver.connectionProperties(
                        new Properties(), "jdbc:weir://h:1?httpclient_impl=x.Y");
        assertThat(own.getProperty("httpclient_impl")).isEqualTo("x.Y");
        assertThat(own.getProperty("authentication")).isNull();
    }

    @Test
    void framesAreSizedByTheServerUnlessTheApplicationNamesAFetchSize() {
        assertThat(Driver.connectionProperties(new Properties(), "jdbc:weir://h:1"))
                .containsEntry("fetch_size", "0");
        assertThat(Driver.connectionProperties(new Properties(), "jdbc:weir://h:1?fetch_size=50"))
                .containsEntry("fetch_size", "50");
    }
}
