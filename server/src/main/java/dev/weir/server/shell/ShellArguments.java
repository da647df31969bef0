package dev.weir.server.shell;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import sqlline.BuiltInProperty;
import sqlline.SqlLineProperty;

/**
 * The arguments of {@code weir shell}, parsed: where to connect, who as, a script to run, and
 * sqlline settings ({@code --outputFormat=csv}) to apply over Weir's defaults.
 *
 * @param settings sqlline settings by their sqlline name, in the order given
 * @param help whether {@code -h} or {@code --help} asked for {@link #USAGE} (nothing else is done)
 */
public record ShellArguments(
        String url,
        Optional<String> user,
        String password,
        Optional<String> script,
        Map<String, String> settings,
        boolean help) {
    public static final String DEFAULT_URL = "jdbc:weir://localhost:8765";

    /** What {@code weir shell --help} prints; its first line is the synopsis. */
    public static final String USAGE =
            """
            usage: weir shell [jdbc-url | -u jdbc-url] [-n user -p password] [-f script.sql] [--setting=value ...]
              jdbc-url, -u jdbc-url  the server (default jdbc:weir://localhost:8765); URL options after '?',
                                     joined by '&': ssl=true, truststore=FILE, truststore_password=PW,
                                     queryTimeout=SECONDS, user=NAME, password=PW
              -n user                the user, for a server started with --users
              -p password            the user's password
              -f script.sql          run the script's statements in order and exit; the first that fails
                                     is printed with the line it starts on, and the exit status is 1
              -h, --help             print this and exit
              --setting=value        one of sqlline's settings, as !set takes it, over Weir's defaults:
                                     --outputFormat=table|vertical|csv|tsv|json|xmlattr|xmlelements,
                                     --nullValue=NULL, --showHeader=false, --maxWidth=120,
                                     --maxColumnWidth=40, --numberFormat=#.##, --csvDelimiter=';',
                                     --timestampFormat=..., --color=true, --historyFile=FILE, ...
                                     (!set in the shell lists them all with their values)
            In the shell: end a statement with ';'. Ctrl-C stops a running query and keeps the shell.
            !queries lists the running queries, !help sqlline's commands, !quit leaves.
            """;

    public ShellArguments {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(script, "script is null");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the argument that is wrong: an unknown option, an
     *     option without its value, a setting sqlline does not have
     */
    public static ShellArguments parse(List<String> args) {
        String url = DEFAULT_URL;
        Optional<String> user = Optional.empty();
        String password = "";
        Optional<String> script = Optional.empty();
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-h", "--help" -> {
                    return new ShellArguments(url, user, password, script, settings, true);
                }
                case "-u" -> url = value(args, ++i, arg);
                case "-n" -> user = Optional.of(value(args, ++i, arg));
                case "-p" -> password = value(args, ++i, arg);
                case "-f" -> script = Optional.of(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--")) {
                        setting(arg, settings);
                    } else if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + arg + "'");
                    } else {
                        url = arg;
                    }
                }
            }
        }
        return new ShellArguments(url, user, password, script, settings, false);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args.get(i);
    }

    /** {@code --name=value}, {@code name} one of sqlline's settings (in any case). */
    private static void setting(String arg, Map<String, String> settings) {
        int equals = arg.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException(
                    "unknown option '" + arg + "' (a sqlline setting is written --name=value)");
        }
        String given = arg.substring(2, equals);
        String name = SETTINGS.get(given.toLowerCase(Locale.ROOT));
        if (name == null) {
            throw new IllegalArgumentException(
                    "'" + given + "' is not a sqlline setting (!set in the shell lists them)");
        }
        settings.put(name, arg.substring(equals + 1));
    }

    /** sqlline's settings that a user may set, by their names in lower case. */
    private static final Map<String, String> SETTINGS = settingNames();

    private static Map<String, String> settingNames() {
        Map<String, String> names = new TreeMap<>();
        for (SqlLineProperty p : BuiltInProperty.values()) {
            if (!p.isReadOnly()) {
                names.put(p.propertyName().toLowerCase(Locale.ROOT), p.propertyName());
            }
        }
        return names;
    }
}
