#include "decimal.h"

#include <QTest>

using md::Decimal;
using md::DecimalError;

class tst_Decimal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void value_data();
    void value();
    void rejects_data();
    void rejects();
    void zeroForms_data();
    void zeroForms();
    void ordering();
};

void tst_Decimal::roundTrip_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("two decimals") << QByteArray("17.77");
    QTest::newRow("smallest unit") << QByteArray("0.00000001");
    QTest::newRow("trailing zero kept") << QByteArray("65432.10");
    QTest::newRow("eight decimals") << QByteArray("61737.63000000");
    QTest::newRow("integer") << QByteArray("42");
    QTest::newRow("zero") << QByteArray("0");
    QTest::newRow("usdm quantity") << QByteArray("953.4");
    QTest::newRow("largest") << QByteArray("92233720368.54775807");
}

void tst_Decimal::roundTrip()
{
    QFETCH(QByteArray, text);

    Decimal decimal;
    QCOMPARE(md::parseDecimal(text.toStdString(), decimal), DecimalError::None);
    QCOMPARE(QByteArray::fromStdString(decimal.toString()), text);
}

void tst_Decimal::value_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("units");

    QTest::newRow("17.77") << QByteArray("17.77") << qint64(1'777'000'000);
    QTest::newRow("0.00000001") << QByteArray("0.00000001") << qint64(1);
    QTest::newRow("65432.10") << QByteArray("65432.10") << qint64(6'543'210'000'000);
    QTest::newRow("leading zeros") << QByteArray("007.5") << qint64(750'000'000);
    QTest::newRow("max") << QByteArray("92233720368.54775807")
                         << std::numeric_limits<qint64>::max();
}

void tst_Decimal::value()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, units);

    Decimal decimal;
    QCOMPARE(md::parseDecimal(text.toStdString(), decimal), DecimalError::None);
    QCOMPARE(decimal.units, units);
}

void tst_Decimal::rejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<DecimalError>("error");

    QTest::newRow("empty") << QByteArray() << DecimalError::Empty;
    QTest::newRow("negative") << QByteArray("-1.5") << DecimalError::Negative;
    QTest::newRow("plus sign") << QByteArray("+1.5") << DecimalError::NotANumber;
    QTest::newRow("letters") << QByteArray("abc") << DecimalError::NotANumber;
    QTest::newRow("exponent") << QByteArray("1e5") << DecimalError::NotANumber;
    QTest::newRow("no whole digits") << QByteArray(".5") << DecimalError::NotANumber;
    QTest::newRow("no fraction digits") << QByteArray("5.") << DecimalError::NotANumber;
    QTest::newRow("two points") << QByteArray("1.2.3") << DecimalError::NotANumber;
    QTest::newRow("space") << QByteArray(" 1.5") << DecimalError::NotANumber;
    QTest::newRow("trailing space") << QByteArray("1.5 ") << DecimalError::NotANumber;
    QTest::newRow("nan") << QByteArray("NaN") << DecimalError::NotANumber;
    QTest::newRow("nine decimals") << QByteArray("0.000000001") << DecimalError::TooManyDecimals;
    QTest::newRow("nine decimals, zero")
            << QByteArray("1.000000000") << DecimalError::TooManyDecimals;
    QTest::newRow("one unit past max")
            << QByteArray("92233720368.54775808") << DecimalError::OutOfRange;
    QTest::newRow("whole part too big") << QByteArray("92233720369") << DecimalError::OutOfRange;
    QTest::newRow("wraps int64") << QByteArray("18446744073709551617") << DecimalError::OutOfRange;
    QTest::newRow("absurdly long") << QByteArray(5000, '9') << DecimalError::OutOfRange;
}

void tst_Decimal::rejects()
{
    QFETCH(QByteArray, text);
    QFETCH(DecimalError, error);

    Decimal decimal{123, 2};
    QCOMPARE(md::parseDecimal(text.toStdString(), decimal), error);
    QVERIFY(QByteArray(md::decimalErrorString(error)).size() > 0);
}

void tst_Decimal::zeroForms_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("0") << QByteArray("0");
    QTest::newRow("0.0") << QByteArray("0.0");
    QTest::newRow("0.000") << QByteArray("0.000");
    QTest::newRow("0.00000000") << QByteArray("0.00000000");
    QTest::newRow("000.000") << QByteArray("000.000");
}

void tst_Decimal::zeroForms()
{
    QFETCH(QByteArray, text);

    Decimal decimal{5, 0};
    QCOMPARE(md::parseDecimal(text.toStdString(), decimal), DecimalError::None);
    QVERIFY(decimal.isZero());
    QCOMPARE(decimal, Decimal());
}

void tst_Decimal::ordering()
{
    Decimal a, b, c;
    QCOMPARE(md::parseDecimal("17.77", a), DecimalError::None);
    QCOMPARE(md::parseDecimal("17.770", b), DecimalError::None);
    QCOMPARE(md::parseDecimal("17.7701", c), DecimalError::None);

    QCOMPARE(a, b);
    QVERIFY(a < c);
    QVERIFY(c > b);
    QCOMPARE(b.toString(), std::string("17.770"));
}

QTEST_GUILESS_MAIN(tst_Decimal)
#include "tst_decimal.moc"
