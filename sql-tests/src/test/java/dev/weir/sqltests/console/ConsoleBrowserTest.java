package dev.weir.sqltests.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.server.http.WeirHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (headless Chromium, see {@link Browser}): a windowed query's
 * rows appear and update as rows are inserted, with its retractions shown on request; cancel from
 * the running queries stops it on the server; an error shows its code and position; the catalog
 * lists every kind of object with its columns; leaving the page cancels the query. Each test saves
 * a screenshot under {@code target/console-screenshots/}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleBrowserTest {
    private static Engine engine;
    private static WeirHttpServer server;
    private static String url;
    private static Browser browser;

    private WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        Browser.requireInstalled();
        engine = Engine.inMemory();
        engine.executeScript(
                "CREATE STREAM bids (bidtime TIMESTAMP(3) NOT NULL, price DECIMAL(10, 2), item"
                        + " VARCHAR, WATERMARK FOR bidtime AS bidtime - INTERVAL '4' SECOND);"
                        + "CREATE STREAM clicks (page VARCHAR NOT NULL);"
                        + "CREATE TABLE category (id BIGINT NOT NULL, name VARCHAR, PRIMARY KEY"
                        + " (id));"
                        + "CREATE VIEW big_bids AS SELECT item, price FROM bids WHERE price > 2;"
                        + "CREATE MATERIALIZED VIEW clicks_per_page AS SELECT page, COUNT(*) AS n"
                        + " FROM clicks GROUP BY page;");
        server = new WeirHttpServer(engine);
        url = "http://127.0.0.1:" + server.start("127.0.0.1", 0) + "/";
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @BeforeEach
    void open() {
        driver = browser.driver;
        driver.get(url);
        await(d -> d.findElement(By.id("server-status")).getText().equals("connected"));
    }

    @AfterEach
    void screenshot(TestInfo test) throws Exception {
        if (driver != null) {
            browser.screenshot(
                    "ConsoleBrowserTest-" + test.getTestMethod().orElseThrow().getName());
            // Leave the page: its query, if any, is cancelled before the next test.
            driver.get("about:blank");
            long deadline = System.currentTimeMillis() + 10_000;
            while (!engine.continuousQueries().running().isEmpty()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        }
    }

    private <T> T await(Function<WebDriver, T> condition) {
        // The page redraws its tables as rows come: an element may go stale between looks.
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    private void run(String sql) {
        WebElement editor = driver.findElement(By.id("sql"));
        editor.clear();
        editor.sendKeys(sql);
        driver.findElement(By.id("run")).click();
    }

    /**
     * The texts of {@code selector}'s elements, each the first texts of its {@code cells} (or its
     * own, for "") joined by " | ", read in one script: the page redraws between two calls.
     */
    @SuppressWarnings("unchecked")
    private List<String> texts(String selector, String cells) {
        return (List<String>)
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "return [...document.querySelectorAll(arguments[0])].map(e =>"
                                        + " (arguments[1] ? [...e.querySelectorAll(arguments[1])]"
                                        + " : [e]).map(c =>"
                                        + " c.firstChild ? c.firstChild.textContent :"
                                        + " '').join(' | '))",
                                selector,
                                cells);
    }

    /** The result table's rows, each as its cells' text joined by " | ". */
    private List<String> resultRows() {
        return texts("#result-table tbody tr", "td");
    }

    private List<String> resultHeader() {
        return texts("#result-table thead th", "");
    }

    @Test
    void aWindowedQuerysRowsAppearAndUpdateAndItsUndoRowsShowWhenAsked() {
        run(
                "SELECT window_start, window_end, SUM(price) AS price\n"
                        + "FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10'"
                        + " MINUTE))\n"
                        + "GROUP BY window_start, window_end\n"
                        + "EMIT STREAM;");
        await(d -> d.findElement(By.id("status")).getText().startsWith("waiting for the first"));
        assertThat(resultHeader()).containsExactly("window_start", "window_end", "price");

        engine.execute(
                "INSERT INTO bids VALUES (TIMESTAMP '2026-01-01 08:07:00', 2, 'A'),"
                        + " (TIMESTAMP '2026-01-01 08:05:00', 4, 'C')");
        String first = "2026-01-01 08:00:00.000 | 2026-01-01 08:10:00.000 | ";
        await(d -> resultRows().equals(List.of(first + "6.00")));

        // A later bid of the same window updates its row in place: the old sum is taken back.
        engine.execute("INSERT INTO bids VALUES (TIMESTAMP '2026-01-01 08:09:00', 5, 'D')");
        await(d -> resultRows().equals(List.of(first + "11.00")));
        engine.execute("INSERT INTO bids VALUES (TIMESTAMP '2026-01-01 08:13:00', 1, 'E')");
        await(
                d ->
                        resultRows()
                                .equals(
                                        List.of(
                                                first + "11.00",
                                                "2026-01-01 08:10:00.000 | 2026-01-01 08:20:00.000"
                                                        + " | 1.00")));

        driver.findElement(By.id("show-undo")).click();
        await(d -> resultHeader().size() == 6);
        assertThat(resultHeader())
                .containsExactly("window_start", "window_end", "price", "undo", "ptime", "ver");
        // Every change, row by row: each bid of a window takes back its previous sum.
        assertThat(resultRows())
                .extracting(r -> r.substring(0, r.lastIndexOf(" | ", r.lastIndexOf(" | ") - 1)))
                .containsExactly(
                        first + "2.00 | false",
                        first + "2.00 | true",
                        first + "6.00 | false",
                        first + "6.00 | true",
                        first + "11.00 | false",
                        "2026-01-01 08:10:00.000 | 2026-01-01 08:20:00.000 | 1.00 | false");
        assertThat(texts("#result-table tr.undo", "td"))
                .extracting(r -> r.substring(0, r.lastIndexOf(" | ", r.lastIndexOf(" | ") - 1)))
                .containsExactly(first + "2.00 | true", first + "6.00 | true");
        assertThat(driver.findElement(By.id("status")).getText()).contains("running");
    }

    @Test
    void cancelInTheRunningQueriesStopsTheQueryOnTheServer() {
        run("SELECT page FROM clicks EMIT STREAM;");
        await(d -> engine.continuousQueries().running().size() == 1);
        String id = engine.continuousQueries().running().get(0).id();
        By row = By.cssSelector("#queries tr[data-query='" + id + "']");
        await(d -> !d.findElements(row).isEmpty());
        engine.execute("INSERT INTO clicks VALUES ('home'), ('about')");
        await(d -> resultRows().size() == 2);
        await(
                d ->
                        d.findElement(row)
                                .findElement(By.cssSelector(".rows-in"))
                                .getText()
                                .equals("2"));

        driver.findElement(row).findElement(By.cssSelector("button.cancel")).click();
        await(d -> engine.continuousQueries().running().isEmpty());
        await(d -> d.findElements(row).isEmpty());
        await(d -> d.findElement(By.id("status")).getText().endsWith("cancelled"));
        assertThat(driver.findElement(By.id("status")).getText())
                .isEqualTo("2 rows · 2 changes · cancelled");
        assertThat(resultRows()).containsExactly("home", "about");
    }

    @Test
    void anErrorShowsItsCodeAndPosition() {
        run("SELECT page\nFROM clicks;\nSELECT nope FROM clicks;");
        WebElement error = await(d -> d.findElement(By.cssSelector("#messages .error")));
        assertThat(error.findElement(By.className("code")).getText()).isEqualTo("COLUMN_NOT_FOUND");
        assertThat(error.findElement(By.className("state")).getText()).isEqualTo("SQLSTATE 42S22");
        assertThat(error.findElement(By.className("text")).getText())
                .isEqualTo("line 3:8: Column 'nope' not found in any table.");
        assertThat(error.findElement(By.className("where")).getText())
                .isEqualTo("SELECT nope FROM clicks;\n       ^^^^");
        // The editor selects the offending name.
        assertThat(
                        driver.findElement(By.id("sql")).getDomProperty("selectionStart")
                                + "-"
                                + driver.findElement(By.id("sql")).getDomProperty("selectionEnd"))
                .isEqualTo("32-36");
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("failed");
    }

    @Test
    void theCatalogListsStreamsTablesViewsAndMaterializedViewsWithTheirColumns() {
        await(d -> !d.findElements(By.cssSelector("#catalog .object")).isEmpty());
        assertThat(names("streams")).containsExactly("bids", "clicks");
        assertThat(names("tables")).containsExactly("category");
        assertThat(names("views")).containsExactly("big_bids");
        assertThat(names("materializedViews")).containsExactly("clicks_per_page");

        driver.findElement(By.cssSelector("#catalog details[data-name='bids'] summary")).click();
        driver.findElement(By.cssSelector("#catalog details[data-name='category'] summary"))
                .click();
        assertThat(columns("bids"))
                .containsExactly(
                        "bidtime TIMESTAMP(3) NOT NULL WATERMARK bidtime - 4.0 s",
                        "price DECIMAL(10, 2)",
                        "item VARCHAR");
        assertThat(columns("category"))
                .containsExactly("id BIGINT NOT NULL PRIMARY KEY", "name VARCHAR");

        // A stream created meanwhile appears after the next statement.
        run("CREATE STREAM later (x INT);");
        await(d -> names("streams").contains("later"));
        assertThat(driver.findElement(By.cssSelector("#messages .message")).getText())
                .isEqualTo("#1 Stream 'later' created.");
        engine.execute("DROP STREAM later");
    }

    private List<String> names(String kind) {
        return texts("#catalog [data-kind='" + kind + "'] .object", "summary");
    }

    private List<String> columns(String object) {
        return texts("#catalog details[data-name='" + object + "'] li.column", "span").stream()
                .map(t -> t.replace(" | ", " ").strip())
                .toList();
    }

    @Test
    void leavingThePageCancelsItsQuery() {
        run("SELECT page FROM clicks EMIT STREAM;");
        await(d -> engine.continuousQueries().running().size() == 1);
        driver.get("about:blank");
        await(d -> engine.continuousQueries().running().isEmpty());
        driver.get(url); // for the screenshot
    }
}
