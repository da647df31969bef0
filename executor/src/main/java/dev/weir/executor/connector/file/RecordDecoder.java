package dev.weir.executor.connector.file;

/** Turns the text of one record (without its line end) into field values. */
interface RecordDecoder {
    /**
     * The record's values in the schema's column order.
     *
     * @throws IllegalArgumentException naming what is wrong, for a malformed record
     */
    Object[] decode(String record);
}
