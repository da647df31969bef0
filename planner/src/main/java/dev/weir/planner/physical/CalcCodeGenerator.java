package dev.weir.planner.physical;

import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.MemberDeclaration;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Generates Java source for a filter-and-project ({@link RexProgram}) with Calcite's own expression
 * translator, as the body of a class implementing {@code dev.weir.common.function .Calc}. The
 * executor compiles it once per query with Janino; no row is ever interpreted.
 */
public final class CalcCodeGenerator {
    private CalcCodeGenerator() {}

    public static String generate(RexProgram program, JavaTypeFactory typeFactory) {
        ParameterExpression in = Expressions.parameter(Object[].class, "in");
        ParameterExpression out = Expressions.parameter(Object[].class, "out");
        ParameterExpression root = Expressions.parameter(DataContext.class, "root");
        PhysType inputType =
                PhysTypeImpl.of(typeFactory, program.getInputRowType(), JavaRowFormat.ARRAY, false);
        PhysType outputType =
                PhysTypeImpl.of(
                        typeFactory, program.getOutputRowType(), JavaRowFormat.ARRAY, false);
        RexToLixTranslator.InputGetter inputGetter =
                new RexToLixTranslator.InputGetterImpl(in, inputType);

        BlockBuilder body = new BlockBuilder();
        if (program.getCondition() != null) {
            Expression condition =
                    RexToLixTranslator.translateCondition(
                            program,
                            typeFactory,
                            body,
                            inputGetter,
                            name -> {
                                throw new IllegalStateException("no correlation in a stream calc");
                            },
                            SqlConformanceEnum.DEFAULT);
            body.add(
                    Expressions.ifThen(
                            Expressions.not(condition),
                            Expressions.return_(null, Expressions.constant(false))));
        }
        List<Expression> projections =
                RexToLixTranslator.translateProjects(
                        program,
                        typeFactory,
                        SqlConformanceEnum.DEFAULT,
                        body,
                        null,
                        outputType,
                        root,
                        inputGetter,
                        name -> {
                            throw new IllegalStateException("no correlation in a stream calc");
                        });
        for (int i = 0; i < projections.size(); i++) {
            Expression value = projections.get(i);
            Type type = value.getType();
            if (type instanceof Class<?> c && c.isPrimitive()) {
                value = Expressions.box(value, Primitive.of(c));
            }
            body.add(
                    Expressions.statement(
                            Expressions.assign(
                                    Expressions.arrayIndex(out, Expressions.constant(i)), value)));
        }
        body.add(Expressions.return_(null, Expressions.constant(true)));

        List<MemberDeclaration> members =
                List.of(
                        // Functions that read the clock or the session get their context here.
                        Expressions.fieldDecl(
                                Modifier.PRIVATE | Modifier.FINAL,
                                root,
                                Expressions.constant(null, DataContext.class)),
                        Expressions.methodDecl(
                                Modifier.PUBLIC,
                                boolean.class,
                                "apply",
                                List.of(in, out),
                                body.toBlock()));
        return Expressions.toString(members, "\n", false);
    }
}
