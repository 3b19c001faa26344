#include "ingest/labeled_csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "temp_file.h"

namespace peakend::ingest {
namespace {

TEST(LabeledCsv, ReadsSpreadsheetExportsWithUsualColumnNamesAndLabels) {
  // Dutch Excel: byte order mark, ';', capitalised headers, labels as people write them.
  auto path = TempFile("labeled_excel.csv",
                        "\xEF\xBB\xBFid;Opmerking;Sentiment\r\n1;\"Snel; goed\";Positief\r\n2;slecht;NEG\r\n"
                        "3;gaat wel; neutral \r\n4;geen label;\r\n5;kort\r\n6;\"Top!\";Mixed\r\n");
  auto labeled = ReadLabeledCsv(path);
  ASSERT_TRUE(labeled.ok()) << labeled.status().ToString();
  ASSERT_EQ(labeled->rows.size(), 4u);
  EXPECT_EQ(labeled->skipped, 2u);  // no label; too few fields
  EXPECT_EQ(labeled->rows[0].text, "Snel; goed");
  EXPECT_EQ(labeled->rows[0].label, "positive");
  EXPECT_EQ(labeled->rows[1].label, "negative");
  EXPECT_EQ(labeled->rows[2].label, "neutral");
  EXPECT_EQ(labeled->rows[3].label, "neutral");  // mixed feelings count as neutral
}

TEST(LabeledCsv, NamedColumnsAndOtherLabelsStayAsWritten) {
  auto path = TempFile("labeled_topics.csv", "body,topic,text\nparkeren lukt niet,Parking,x\nlange rij,Queue ,y\n");
  LabeledCsvOptions columns;
  columns.text_column = "BODY";
  columns.label_column = "topic";
  auto labeled = ReadLabeledCsv(path, columns);
  ASSERT_TRUE(labeled.ok()) << labeled.status().ToString();
  ASSERT_EQ(labeled->rows.size(), 2u);
  EXPECT_EQ(labeled->rows[0].text, "parkeren lukt niet");
  EXPECT_EQ(labeled->rows[0].label, "Parking");
  EXPECT_EQ(labeled->rows[1].label, "Queue");
}

TEST(LabeledCsv, MissingColumnsAreNamedWithWhatTheHeaderHas) {
  auto path = TempFile("labeled_wrong.csv", "id,Oordeel\n1,goed\n");
  auto labeled = ReadLabeledCsv(path);
  ASSERT_FALSE(labeled.ok());
  EXPECT_NE(labeled.status().message().find("no text column"), std::string::npos) << labeled.status().message();
  EXPECT_NE(labeled.status().message().find("'Oordeel'"), std::string::npos) << labeled.status().message();
  LabeledCsvOptions columns;
  columns.label_column = "score";
  auto named = ReadLabeledCsv(TempFile("labeled_named.csv", "text,label\na,b\n"), columns);
  ASSERT_FALSE(named.ok());
  EXPECT_NE(named.status().message().find("no column 'score'"), std::string::npos) << named.status().message();
  EXPECT_FALSE(ReadLabeledCsv(TempFile("labeled_empty.csv", "")).ok());
  EXPECT_FALSE(ReadLabeledCsv(::testing::TempDir() + "/does-not-exist.csv").ok());
}

}  // namespace
}  // namespace peakend::ingest
