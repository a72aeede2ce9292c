// --output FORMAT=PATH parsing, format dispatch and atomic writing of every output.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "report/json_writer.h"
#include "report/output.h"
#include "report/text_writer.h"
#include "tests/report_fixture.h"
#include "tests/report_validators.h"
#include "tests/test_support.h"

namespace review {
namespace {

TEST(ReportOutput, ParsesSpecs) {
  auto spec = parse_output_spec("sarif=out/review.sarif");
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->format, ReportFormat::sarif);
  EXPECT_EQ(spec->path, "out/review.sarif");
  auto with_equals = parse_output_spec("json=a=b.json");
  ASSERT_TRUE(with_equals);
  EXPECT_EQ(with_equals->path, "a=b.json");
  for (const char* name : {"text", "json", "sarif", "markdown", "github"}) {
    EXPECT_TRUE(parse_output_spec(std::string(name) + "=x")) << name;
    EXPECT_TRUE(parse_format_option(name)) << name;
  }
}

TEST(ReportOutput, BadSpecsAreUsageErrorsNamingTheSpec) {
  for (const char* bad : {"sarif", "yaml=x.yaml", "json=", "=x.json", ""}) {
    auto spec = parse_output_spec(bad);
    ASSERT_FALSE(spec) << bad;
    EXPECT_EQ(spec.error().kind, ErrorKind::usage);
    EXPECT_EQ(spec.error().message, fmt::format("--output \"{}\": expected FORMAT=PATH with FORMAT one of text, json, "
                                                "sarif, markdown, github",
                                                bad));
  }
  auto twice = parse_output_specs({"json=r.json", "sarif=./r.json"});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message, "--output \"sarif=./r.json\": ./r.json is already an output");
  auto format = parse_format_option("xml");
  ASSERT_FALSE(format);
  EXPECT_EQ(format.error().message, "--format \"xml\": expected one of text, json, sarif, markdown, github");
}

TEST(ReportOutput, WritesEveryOutputWithoutColour) {
  testing::TempDir dir;
  auto specs = parse_output_specs({"json=" + (dir.path() / "r.json").string(), "text=" + (dir.path() / "r.txt").string(),
                                   "sarif=" + (dir.path() / "r.sarif").string(),
                                   "markdown=" + (dir.path() / "r.md").string(),
                                   "github=" + (dir.path() / "r.github").string()});
  ASSERT_TRUE(specs) << specs.error().message;
  WriterContext context = testing::fixture_context();
  context.color = Color::on;  // stdout may be coloured; files never are
  const Report report = testing::fixture_report();
  ASSERT_TRUE(write_outputs(*specs, report, context));
  context.color = Color::off;
  EXPECT_EQ(testing::read_text(dir.path() / "r.json"), write_json(report, context));
  EXPECT_EQ(testing::read_text(dir.path() / "r.txt"), write_text(report, context));
  for (ReportFormat f : {ReportFormat::sarif, ReportFormat::markdown, ReportFormat::github}) {
    const auto path = dir.path() / (std::string("r.") + (f == ReportFormat::sarif ? "sarif" : f == ReportFormat::markdown ? "md" : "github"));
    EXPECT_EQ(testing::read_text(path), render(f, report, context)) << to_string(f);
  }
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) entries += e.exists() ? 1 : 0;
  EXPECT_EQ(entries, 5) << "no temporary files left behind";
}

TEST(ReportOutput, UnwritablePathIsAnErrorNamingIt) {
  testing::TempDir dir;
  const auto target = dir.path() / "no-such-dir" / "r.json";
  auto specs = parse_output_specs({"json=" + target.string()});
  ASSERT_TRUE(specs);
  auto written = write_outputs(*specs, testing::fixture_report(), testing::fixture_context());
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, ErrorKind::input);
  EXPECT_NE(written.error().message.find(target.string()), std::string::npos) << written.error().message;
  // An existing file is replaced whole or not at all: a directory in the way stays intact.
  std::filesystem::create_directory(dir.path() / "d");
  auto over_dir = parse_output_specs({"json=" + (dir.path() / "d").string()});
  EXPECT_FALSE(write_outputs(*over_dir, testing::fixture_report(), testing::fixture_context()));
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "d"));
}

}  // namespace
}  // namespace review
