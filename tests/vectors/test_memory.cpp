// Answering queries on the default table keeps the process's peak resident memory (VmHWM) under
// twice the table's float32 size: the table is mapped, not copied.
#include "search/analogy.h"
#include "base/data_paths.h"
#include "search/neighbours.h"
#include "vectors/vector_table.h"

#include <QtTest>
#include <filesystem>
#include <fstream>

using namespace es;

static double vm_hwm_bytes() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) * 1024.0;
    return -1;
}

class TestMemory : public QObject {
    Q_OBJECT
private slots:
    void queriesStayNearOneCopy() {
        if (!std::filesystem::exists(default_table_path())) QFAIL("the default table is not installed");
        auto table = VectorTable::open_esv(default_table_path());
        for (const char* w : {"king", "paris", "computer", "the", "physics", "zebra", "ran", "university"}) {
            const uint32_t r = *table->lookup(w);
            QCOMPARE(nearest(*table, {table->row(r), table->dim()}, 10, Metric::Cosine, 0, {&r, 1}).size(), size_t(10));
        }
        const Analogy a = solve_analogy(*table, *table->lookup("man"), *table->lookup("king"), *table->lookup("woman"),
                                        AnalogyMethod::CosAdd, 10);
        QCOMPARE(table->word(a.candidates[0].row), std::string_view("queen"));
        const double hwm = vm_hwm_bytes(), limit = 2.0 * double(table->rows()) * table->dim() * 4;
        qInfo("VmHWM %.0f MiB, limit %.0f MiB", hwm / 1048576, limit / 1048576);
        QVERIFY(hwm > 0);
        QVERIFY(hwm < limit);
    }
};

QTEST_GUILESS_MAIN(TestMemory)
#include "test_memory.moc"
