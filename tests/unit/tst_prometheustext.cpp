#include "prometheustext.h"

#include <QTest>

#include <limits>

using md::PrometheusText;

class tst_PrometheusText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void family();
    void labelledSamples();
    void escapeLabelValue_data();
    void escapeLabelValue();
    void escapeHelp();
    void formatDouble_data();
    void formatDouble();
    void take();
};

void tst_PrometheusText::family()
{
    PrometheusText out;
    out.counter("md_messages_total", "Messages received.", quint64(42));
    out.gauge("md_spread", "Best ask minus best bid.", 0.25);

    QCOMPARE(out.text(), QByteArray("# HELP md_messages_total Messages received.\n"
                                    "# TYPE md_messages_total counter\n"
                                    "md_messages_total 42\n"
                                    "# HELP md_spread Best ask minus best bid.\n"
                                    "# TYPE md_spread gauge\n"
                                    "md_spread 0.25\n"));
}

void tst_PrometheusText::labelledSamples()
{
    PrometheusText out;
    out.family("md_book_levels", PrometheusText::Type::Gauge, "Levels in the book.");
    out.sample("md_book_levels", 17, {{"symbol", "BTCUSDT"}, {"side", "bid"}});
    out.sample("md_book_levels", qint64(-3), {{"symbol", "ETH\"USDT"}});

    QCOMPARE(out.text(), QByteArray("# HELP md_book_levels Levels in the book.\n"
                                    "# TYPE md_book_levels gauge\n"
                                    "md_book_levels{symbol=\"BTCUSDT\",side=\"bid\"} 17\n"
                                    "md_book_levels{symbol=\"ETH\\\"USDT\"} -3\n"));
}

void tst_PrometheusText::escapeLabelValue_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("escaped");

    QTest::newRow("plain") << QByteArray("BTCUSDT") << QByteArray("BTCUSDT");
    QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("a\\\\b");
    QTest::newRow("double quote") << QByteArray("say \"hi\"") << QByteArray("say \\\"hi\\\"");
    QTest::newRow("line feed") << QByteArray("one\ntwo") << QByteArray("one\\ntwo");
    QTest::newRow("all three") << QByteArray("\\\"\n") << QByteArray("\\\\\\\"\\n");
    QTest::newRow("utf-8 kept") << QByteArray("caf\xc3\xa9") << QByteArray("caf\xc3\xa9");
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void tst_PrometheusText::escapeLabelValue()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, escaped);

    QCOMPARE(PrometheusText::escapeLabelValue(value), escaped);
}

void tst_PrometheusText::escapeHelp()
{
    // Help text keeps double quotes as they are, unlike label values.
    QCOMPARE(PrometheusText::escapeHelp("a \"b\"\\c\nd"), QByteArray("a \"b\"\\\\c\\nd"));
}

void tst_PrometheusText::formatDouble_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("integer") << 3.0 << QByteArray("3");
    QTest::newRow("fraction") << 0.1 << QByteArray("0.1");
    QTest::newRow("negative") << -2.5 << QByteArray("-2.5");
    QTest::newRow("large") << 1e21 << QByteArray("1e+21");
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << QByteArray("NaN");
    QTest::newRow("+inf") << std::numeric_limits<double>::infinity() << QByteArray("+Inf");
    QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << QByteArray("-Inf");
}

void tst_PrometheusText::formatDouble()
{
    QFETCH(double, value);
    QFETCH(QByteArray, text);

    QCOMPARE(PrometheusText::formatDouble(value), text);
}

void tst_PrometheusText::take()
{
    PrometheusText out;
    out.gauge("md_up", "Whether the service runs.", 1);

    QVERIFY(!out.take().isEmpty());
    QVERIFY(out.text().isEmpty());
}

QTEST_GUILESS_MAIN(tst_PrometheusText)

#include "tst_prometheustext.moc"
