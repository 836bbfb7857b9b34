// Embedscope's own .esv. An odd first byte reseals the checksums after the fuzzer's changes
// (as a careless tool would), so that the structure checks behind them are reached too; then
// opening must refuse or give a table every row of which can be read, and verify must finish.
#include "fuzz_input.h"

#include "testing/esv_damage.h"
#include "vectors/esv_verify.h"
#include "vectors/vector_table.h"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    if (size == 0) return 0;
    const std::string path = fuzz::scratch_file("table.esv", fuzz::bytes_of(data + 1, size - 1));
    if (data[0] & 1) {
        try {
            test::reseal_esv(path, test::read_esv_layout(path));
        } catch (const es::Error&) {  // no header or section table to reseal: open it as it is
        }
    }
    fuzz::expect_only_es_errors("esv", [&] {
        const auto table = VectorTable::open_esv(path);
        double sum = 0;
        for (size_t i = 0; i < table->rows(); ++i) {
            sum += table->row(i)[table->dim() ? table->dim() - 1 : 0] + table->norms()[i];
            (void)table->lookup(table->word(i));
        }
        (void)std::isfinite(sum);
        (void)verify_table(*table);
    });
    return 0;
}
