package dev.weir.flink.types;

import dev.weir.common.row.Change;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type of the records between hosted operators: Weir {@link Change}s. */
public final class ChangeTypeInfo extends TypeInformation<Change> {
    private static final long serialVersionUID = 1L;

    public static final ChangeTypeInfo INSTANCE = new ChangeTypeInfo();

    private ChangeTypeInfo() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Change> getTypeClass() {
        return Change.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Change> createSerializer(SerializerConfig config) {
        return ChangeSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "WeirChange";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeTypeInfo;
    }

    @Override
    public int hashCode() {
        return ChangeTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ChangeTypeInfo;
    }
}
