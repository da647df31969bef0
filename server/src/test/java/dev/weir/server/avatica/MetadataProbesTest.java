package dev.weir.server.avatica;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetadataProbesTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT v FROM s WHERE 1 = 0 EMIT STREAM | true",
                "SELECT v FROM s WHERE 1=0 | true",
                "SELECT * FROM s WHERE FALSE | true",
                "SELECT v AS w, 'x' FROM s WHERE 2 < 1 ORDER BY v | true",
                "SELECT v FROM s WHERE v > 3 AND 1 <> 1 EMIT STREAM | true",
                "SELECT v FROM s WHERE NOT (1 = 1 OR 2 = 2) EMIT STREAM | true",
                "SELECT COUNT(*) FROM s WHERE 1 = 0 EMIT STREAM | true",
                // an aggregate of no rows is a row; a function of a column may be one
                "SELECT COUNT(*) FROM s WHERE 1 = 0 | false",
                "SELECT v FROM s WHERE 1 = 0 GROUP BY v | false",
                "SELECT DISTINCT v FROM s WHERE 1 = 0 | false",
                "SELECT UPPER(c) FROM s WHERE 1 = 0 | false",
                // not false whatever the rows
                "SELECT v FROM s WHERE 1 = 1 EMIT STREAM | false",
                "SELECT v FROM s WHERE v = 0 EMIT STREAM | false",
                "SELECT v FROM s WHERE 1 = 0 OR v > 1 EMIT STREAM | false",
                "SELECT v FROM s EMIT STREAM | false",
                "INSERT INTO s SELECT v FROM t WHERE 1 = 0 | false",
                "SELEC v FROM s WHERE 1 = 0 | false",
            })
    void recognizesOnlyWheresThatAreFalseWhateverTheRows(String sql, boolean probe) {
        assertThat(MetadataProbes.hasNoRows(sql)).isEqualTo(probe);
    }
}
