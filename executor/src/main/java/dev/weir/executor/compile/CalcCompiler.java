package dev.weir.executor.compile;

import dev.weir.common.error.Errors;
import dev.weir.common.function.Calc;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.ClassBodyEvaluator;

/**
 * Compiles the planner's generated calc code to bytecode, once per distinct code: the classes of
 * recent code are kept, so a query run again (a dashboard's refresh) does not compile again.
 */
public final class CalcCompiler {
    private static final int CACHED_CLASSES = 256;
    private static final Map<String, Class<?>> CLASSES =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Class<?>> eldest) {
                    return size() > CACHED_CLASSES;
                }
            };

    private CalcCompiler() {}

    public static Calc compile(String classBody) {
        Class<?> cached;
        synchronized (CLASSES) {
            cached = CLASSES.get(classBody);
        }
        if (cached != null) {
            try {
                return (Calc) cached.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw Errors.internal("generated code cannot be instantiated", e);
            }
        }
        ClassBodyEvaluator evaluator = new ClassBodyEvaluator();
        evaluator.setClassName("dev.weir.generated.GeneratedCalc");
        evaluator.setImplementedInterfaces(new Class<?>[] {Calc.class});
        evaluator.setParentClassLoader(CalcCompiler.class.getClassLoader());
        try {
            evaluator.cook(new StringReader(classBody));
            Class<?> compiled = evaluator.getClazz();
            synchronized (CLASSES) {
                CLASSES.put(classBody, compiled);
            }
            return (Calc) compiled.getDeclaredConstructor().newInstance();
        } catch (CompileException | java.io.IOException e) {
            throw Errors.internal("generated code does not compile: " + e.getMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw Errors.internal("generated code cannot be instantiated", e);
        }
    }
}
