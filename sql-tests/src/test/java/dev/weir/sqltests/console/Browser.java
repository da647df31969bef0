package dev.weir.sqltests.console;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages, driven by
 * Selenium, for the console's browser tests.
 *
 * <p>Where the browser is missing: in CI (the environment variable {@code CI} is set, as CI
 * services and Weir's own CI set it; {@code .ci/run} installs both packages) the tests fail, saying
 * what to install; on a developer's machine they are skipped, saying the same. {@code
 * -Dweir.browser.required=true} makes them fail anywhere.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Where each test's screenshot goes: a build artifact. */
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Fails or skips the calling test class, as above, when the browser is not installed. */
    static void requireInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (installed) {
            return;
        }
        String missing =
                "headless Chromium is not installed ("
                        + CHROMIUM
                        + ", "
                        + CHROMEDRIVER
                        + "; Debian: apt-get install chromium chromium-driver)";
        if (required()) {
            fail(missing + ": the console's browser tests must run in CI (.ci/run installs it).");
        }
        assumeTrue(false, missing + ": the console's browser tests are skipped on this machine.");
    }

    private static boolean required() {
        String ci = System.getenv("CI");
        boolean inCi =
                ci != null && !ci.isBlank() && !ci.strip().toLowerCase(Locale.ROOT).equals("false");
        return inCi || Boolean.getBoolean("weir.browser.required");
    }

    /** A fresh browser with a profile of its own. */
    static Browser start() throws IOException {
        Path profile = Files.createTempDirectory("weir-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                List.of(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--window-size=1400,900",
                        "--user-data-dir=" + profile));
        // The TLS test's certificate is self-signed.
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                        .usingAnyFreePort()
                        .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    /** Saves what the browser shows as {@code target/console-screenshots/name.png}. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
