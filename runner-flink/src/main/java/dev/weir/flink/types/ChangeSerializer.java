package dev.weir.flink.types;

import dev.weir.common.row.Change;
import dev.weir.common.row.RowKind;
import dev.weir.executor.state.RowCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link Change} as its kind's byte, then its row in Weir's own binary row format ({@link
 * RowCodec}, the one its state uses) behind a length: every value type Weir has, without Kryo or
 * Java serialization. Changes are immutable, so copies are the same object.
 */
public final class ChangeSerializer extends TypeSerializerSingleton<Change> {
    private static final long serialVersionUID = 1L;

    public static final ChangeSerializer INSTANCE = new ChangeSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public Change createInstance() {
        return null;
    }

    @Override
    public Change copy(Change from) {
        return from;
    }

    @Override
    public Change copy(Change from, Change reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Change change, DataOutputView target) throws IOException {
        byte[] row = RowCodec.INSTANCE.toBytes(change.row());
        target.writeByte(change.kind().toByteValue());
        target.writeInt(row.length);
        target.write(row);
    }

    @Override
    public Change deserialize(DataInputView source) throws IOException {
        RowKind kind = RowKind.fromByteValue(source.readByte());
        byte[] row = new byte[source.readInt()];
        source.readFully(row);
        return new Change(kind, RowCodec.INSTANCE.fromBytes(row));
    }

    @Override
    public Change deserialize(Change reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeByte(source.readByte());
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<Change> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Change> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
