package dev.weir.planner.physical;

import dev.weir.common.function.ProcessingTime;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.DataContexts;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.BlockStatement;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.MemberDeclaration;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Generates Java source for a filter-and-project ({@link RexProgram}) with Calcite's own expression
 * translator, as the body of a class implementing {@code dev.weir.common.function .Calc}. The
 * executor compiles it once per query with Janino; no row is ever interpreted.
 */
public final class CalcCodeGenerator {
    private static final Method DATA_CONTEXT_OF;

    static {
        try {
            DATA_CONTEXT_OF = DataContexts.class.getMethod("of", Function.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CalcCodeGenerator() {}

    public static String generate(RexProgram written, JavaTypeFactory typeFactory) {
        GroupWindowCalls.refuse(written);
        RexBuilder rexBuilder = new RexBuilder(typeFactory);
        FlaggedCallHoisting.Hoisted hoisted =
                FlaggedCallHoisting.of(
                        DecimalArithmetic.of(CheckedArithmetic.of(written, rexBuilder), rexBuilder),
                        rexBuilder);
        RexProgram program = hoisted.program();
        boolean readsTime = ProcessingTimeCalls.in(program);
        ParameterExpression time = Expressions.parameter(ProcessingTime.class, "time");
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
        if (readsTime) {
            // Per record in a streaming query: every time function of this row sees one time.
            body.add(Expressions.statement(Expressions.call(time, "startRecord")));
        }
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
        for (int i = 0; i < projections.size() - hoisted.extraProjections(); i++) {
            Expression value = projections.get(i + hoisted.extraProjections());
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

        BlockStatement apply =
                (BlockStatement) body.toBlock().accept(UnreachableStatements.INSTANCE);
        List<MemberDeclaration> members = new ArrayList<>();
        if (readsTime) {
            // Functions that read the clock get it through Calcite's DataContext, from the
            // processing time the executor opens the calc with.
            ParameterExpression given = Expressions.parameter(ProcessingTime.class, "given");
            members.add(Expressions.fieldDecl(Modifier.PRIVATE, root, null));
            members.add(Expressions.fieldDecl(Modifier.PRIVATE, time, null));
            members.add(
                    Expressions.methodDecl(
                            Modifier.PUBLIC,
                            void.class,
                            "open",
                            List.of(given),
                            Expressions.block(
                                    Expressions.statement(Expressions.assign(time, given)),
                                    Expressions.statement(
                                            Expressions.assign(
                                                    root,
                                                    Expressions.call(DATA_CONTEXT_OF, given))))));
        } else {
            // No function here reads the context.
            members.add(
                    Expressions.fieldDecl(
                            Modifier.PRIVATE | Modifier.FINAL,
                            root,
                            Expressions.constant(null, DataContext.class)));
        }
        members.add(
                Expressions.methodDecl(
                        Modifier.PUBLIC, boolean.class, "apply", List.of(in, out), apply));
        return Expressions.toString(members, "\n", false);
    }
}
