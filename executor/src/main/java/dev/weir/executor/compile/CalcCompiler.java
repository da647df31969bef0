package dev.weir.executor.compile;

import dev.weir.common.error.Errors;
import dev.weir.common.function.Calc;
import java.io.StringReader;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.ClassBodyEvaluator;

/** Compiles the planner's generated calc code to bytecode, once per query. */
public final class CalcCompiler {
    private CalcCompiler() {}

    public static Calc compile(String classBody) {
        ClassBodyEvaluator evaluator = new ClassBodyEvaluator();
        evaluator.setClassName("dev.weir.generated.GeneratedCalc");
        evaluator.setImplementedInterfaces(new Class<?>[] {Calc.class});
        evaluator.setParentClassLoader(CalcCompiler.class.getClassLoader());
        try {
            evaluator.cook(new StringReader(classBody));
            return (Calc) evaluator.getClazz().getDeclaredConstructor().newInstance();
        } catch (CompileException | java.io.IOException e) {
            throw Errors.internal("generated code does not compile: " + e.getMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw Errors.internal("generated code cannot be instantiated", e);
        }
    }
}
