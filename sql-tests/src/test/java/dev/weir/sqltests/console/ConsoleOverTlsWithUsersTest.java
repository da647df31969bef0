package dev.weir.sqltests.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.server.http.Tls;
import dev.weir.server.http.Users;
import dev.weir.server.http.WeirHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.HasAuthentication;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console on a server started with {@code --users} and TLS, in headless Chromium: with a user's
 * BASIC login it loads over HTTPS and runs SQL, its API calls carrying the same login.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleOverTlsWithUsersTest {
    @Test
    void theConsoleNeedsALoginAndWorksOverHttps(@TempDir Path dir) throws Exception {
        Browser.requireInstalled();
        Path keystore = dir.resolve("server.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "weir",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit");
        try (Engine engine = Engine.inMemory();
                WeirHttpServer server =
                        new WeirHttpServer(engine, Optional.of(Users.of(Map.of("ann", "s3cret"))))
                                .withTls(Tls.serverContext(keystore, "changeit".toCharArray()));
                Browser browser = Browser.start()) {
            engine.executeScript(
                    "CREATE STREAM clicks (page VARCHAR); INSERT INTO clicks VALUES ('a'), ('b');");
            int port = server.start("127.0.0.1", 0);
            var driver = browser.driver;

            // The login a person types when the browser asks (over the DevTools protocol, as a
            // headless browser shows no dialog); ConsoleApiTest checks the 401 without one.
            ((HasAuthentication) driver).register(UsernameAndPassword.of("ann", "s3cret"));
            driver.get("https://localhost:" + port + "/");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.until(d -> d.findElement(By.id("server-status")).getText().equals("connected"));
            WebElement editor = driver.findElement(By.id("sql"));
            editor.clear();
            editor.sendKeys("SELECT COUNT(*) AS clicks FROM clicks;");
            driver.findElement(By.id("run")).click();
            wait.until(
                    d ->
                            d.findElements(By.cssSelector("#result-table tbody td")).stream()
                                    .map(WebElement::getText)
                                    .toList()
                                    .equals(List.of("2")));
            assertThat(driver.getCurrentUrl()).startsWith("https://");
            browser.screenshot("ConsoleOverTlsWithUsersTest-loggedIn");
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }
}
