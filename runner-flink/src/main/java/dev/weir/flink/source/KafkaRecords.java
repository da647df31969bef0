package dev.weir.flink.source;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.connector.file.FileFormat;
import dev.weir.executor.connector.file.RecordDecoder;
import dev.weir.flink.types.ChangeTypeInfo;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record's value as a row, by Weir's CSV or JSON rules (as the local Kafka source decodes
 * it); a record without a value or that does not decode is skipped.
 */
final class KafkaRecords implements KafkaRecordDeserializationSchema<Change> {
    private static final long serialVersionUID = 1L;

    private final FileFormat format;
    private final RowSchema schema;
    private transient RecordDecoder decoder;

    KafkaRecords(FileFormat format, RowSchema schema) {
        this.format = format;
        this.schema = schema;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = RecordDecoder.of(format, schema.toSchema());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Change> out) {
        if (record.value() == null) {
            return;
        }
        String text = new String(record.value(), StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            out.collect(Change.insert(Row.wrap(decoder.decode(text))));
        } catch (IllegalArgumentException e) {
            // malformed: skipped, as the local Kafka source does
        }
    }

    @Override
    public TypeInformation<Change> getProducedType() {
        return ChangeTypeInfo.INSTANCE;
    }
}
