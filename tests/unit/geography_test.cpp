// The communes in memory (kernel/include/alin/geo/geography.hpp), over the real data of
// rules/data/communes, and the loader's refusal of malformed files.
#include "alin/geo/geography.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/test_database.hpp"

using alin::geo::Commune;
using alin::geo::Geography;

namespace {

namespace fs = std::filesystem;

// rules/data/communes of this source tree: $ALIN_SOURCE_DIR, else the build's definition of it,
// else the first parent of the working directory that holds it.
std::string communes_directory() {
  const fs::path relative = fs::path("rules") / "data" / "communes";
  if (const char* root = std::getenv("ALIN_SOURCE_DIR"); root != nullptr && *root != '\0') {
    return (fs::path(root) / relative).string();
  }
#ifdef ALIN_SOURCE_DIR
  if (fs::is_directory(fs::path(ALIN_SOURCE_DIR) / relative)) {
    return (fs::path(ALIN_SOURCE_DIR) / relative).string();
  }
#endif
  for (fs::path dir = fs::current_path();; dir = dir.parent_path()) {
    if (fs::is_directory(dir / relative)) return (dir / relative).string();
    if (dir == dir.parent_path()) break;
  }
  throw std::runtime_error("rules/data/communes not found: set ALIN_SOURCE_DIR");
}

std::set<std::string> codes(const std::vector<const Commune*>& communes) {
  std::set<std::string> out;
  for (const Commune* c : communes) out.insert(c->insee);
  return out;
}

double km(const Commune& a, const Commune& b) {
  return Geography::distance_km(a.lat, a.lon, b.lat, b.lon);
}

class GeographyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { geography_ = Geography::load(communes_directory()); }
  static void TearDownTestSuite() { geography_.reset(); }

  static const Commune& commune(const std::string& insee) {
    const Commune* c = geography_->find(insee);
    if (c == nullptr) throw std::runtime_error("no commune " + insee);
    return *c;
  }

  static std::shared_ptr<const Geography> geography_;
};
std::shared_ptr<const Geography> GeographyTest::geography_;

TEST_F(GeographyTest, EveryCommuneAndArrondissement) {
  EXPECT_EQ(geography_->size(), 34766u) << "34,746 communes and Paris' 20 arrondissements";
  int arrondissements = 0;
  for (int n = 75101; n <= 75120; ++n) {
    const Commune* a = geography_->find(std::to_string(n));
    ASSERT_NE(a, nullptr) << n;
    EXPECT_TRUE(a->arrondissement) << n;
    EXPECT_EQ(a->department, "75");
    ++arrondissements;
  }
  EXPECT_EQ(arrondissements, 20);
  EXPECT_FALSE(commune("75056").arrondissement);
  EXPECT_EQ(geography_->find("75121"), nullptr);
}

TEST_F(GeographyTest, ParisHasExactlyItsTwentyNineNeighbours) {
  // /work/shared/data/paris_and_limitrophes.csv: the communes that share a border with Paris.
  const std::set<std::string> expected = {
      "93001", "93006", "92012", "94018", "92024", "94033", "94037", "92040", "94041", "94042",
      "94043", "93045", "93061", "92044", "92046", "93048", "92049", "92051", "94052", "93055",
      "92062", "92064", "93066", "94067", "94069", "93070", "92073", "92075", "94080"};
  ASSERT_EQ(expected.size(), 29u);
  const auto& neighbours = geography_->neighbours("75056");
  EXPECT_EQ(neighbours.size(), 29u) << "no duplicate, no arrondissement";
  EXPECT_EQ(codes(neighbours), expected);
  // Listed in both directions.
  for (const std::string& insee : expected) {
    EXPECT_EQ(codes(geography_->neighbours(insee)).count("75056"), 1u) << insee;
  }
  // Versailles does not touch Paris, nor Paris itself.
  EXPECT_EQ(codes(neighbours).count("78646"), 0u);
  EXPECT_EQ(codes(neighbours).count("75056"), 0u);
}

TEST_F(GeographyTest, BrestInFinistere) {
  const Commune& brest = commune("29019");
  EXPECT_EQ(brest.insee, "29019");
  EXPECT_EQ(brest.name, "Brest");
  EXPECT_EQ(brest.department, "29");
  EXPECT_EQ(brest.region, "53");
  EXPECT_GT(brest.population, 100000);
  EXPECT_NEAR(brest.lat, 48.39, 0.1);
  EXPECT_NEAR(brest.lon, -4.49, 0.1);
  EXPECT_EQ(geography_->department_name("29"), "Finistère");
  EXPECT_EQ(geography_->region_name("53"), "Bretagne");
  const auto& finistere = geography_->in_department("29");
  EXPECT_EQ(codes(finistere).count("29019"), 1u);
  for (const Commune* c : finistere) EXPECT_EQ(c->department, "29") << c->insee;
  EXPECT_GT(finistere.size(), 250u);
}

TEST_F(GeographyTest, DepartmentsAndRegions) {
  EXPECT_EQ(geography_->region_name("11"), "Île-de-France");
  EXPECT_EQ(geography_->departments_of_region("11"),
            (std::vector<std::string>{"75", "77", "78", "91", "92", "93", "94", "95"}));
  EXPECT_EQ(geography_->departments_of_region("94"), (std::vector<std::string>{"2A", "2B"}));
  EXPECT_TRUE(geography_->departments_of_region("01").empty()) << "no overseas region";
  EXPECT_EQ(geography_->department_name("2A"), "Corse-du-Sud");
  EXPECT_EQ(geography_->department_name("971"), std::nullopt);
  EXPECT_EQ(geography_->region_name("99"), std::nullopt);
  EXPECT_EQ(commune("2A004").department, "2A") << "Ajaccio: codes are strings";
  EXPECT_EQ(commune("01001").department, "01") << "leading zeros kept";
  EXPECT_TRUE(geography_->in_department("99").empty());
}

TEST_F(GeographyTest, UnknownCodes) {
  EXPECT_EQ(geography_->find("99999"), nullptr);
  EXPECT_EQ(geography_->find(""), nullptr);
  EXPECT_EQ(geography_->find("7505"), nullptr);
  EXPECT_TRUE(geography_->neighbours("99999").empty());
  EXPECT_TRUE(geography_->neighbours("").empty());
}

TEST_F(GeographyTest, DistanceParisBrest) {
  const Commune& paris = commune("75056");
  const Commune& brest = commune("29019");
  EXPECT_NEAR(km(paris, brest), 505, 10);
  EXPECT_DOUBLE_EQ(km(paris, brest), km(brest, paris));
  EXPECT_DOUBLE_EQ(km(paris, paris), 0.0);
  EXPECT_NEAR(km(paris, commune("78646")), 17, 2) << "Versailles";
  // A quarter of a meridian: 10,008 km.
  EXPECT_NEAR(Geography::distance_km(0, 0, 90, 0), 10007.6, 1);
  EXPECT_NEAR(Geography::distance_km(0, 0, 0, 180), 20015.1, 1) << "antipodes";
}

TEST_F(GeographyTest, WithinTenKilometresOfParis) {
  const Commune& paris = commune("75056");
  const auto near = codes(geography_->within(paris, 10));
  EXPECT_EQ(near.count("75056"), 1u) << "the centre itself";
  EXPECT_EQ(near.count("92012"), 1u) << "Boulogne-Billancourt";
  EXPECT_EQ(near.count("78646"), 0u) << "Versailles, ~17 km";
  EXPECT_EQ(near.count("29019"), 0u);
  // Exactly the Île-de-France communes whose centre is within 10 km (10 km from Paris' centre
  // stays inside the region).
  std::set<std::string> expected;
  for (const std::string& department : geography_->departments_of_region("11")) {
    for (const Commune* c : geography_->in_department(department)) {
      if (km(paris, *c) <= 10) expected.insert(c->insee);
    }
  }
  EXPECT_EQ(near, expected);
  EXPECT_GT(near.size(), 50u);
  EXPECT_EQ(codes(geography_->within(paris, 20)).count("78646"), 1u);
  EXPECT_EQ(codes(geography_->within(paris, 0)), std::set<std::string>{"75056"});
}

TEST_F(GeographyTest, WithinAtTheEdgeOfTheCountry) {
  // Brest is at the western tip; 15 km around it stays in Finistère: compare with a full scan.
  const Commune& brest = commune("29019");
  const auto near = codes(geography_->within(brest, 15));
  for (const std::string& insee : near) EXPECT_LE(km(brest, commune(insee)), 15) << insee;
  std::set<std::string> expected;
  for (const Commune* c : geography_->in_department("29")) {
    if (km(brest, *c) <= 15) expected.insert(c->insee);
  }
  EXPECT_EQ(near, expected);
}

// --- the loader's errors, over small files in a temporary folder

class GeographyFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    write("communes.csv",
          "insee,name,department,region,population,lat,lon,kind\n"
          "01001,A,01,84,10,46.1,4.9,commune\n"
          "01002,B,01,84,20,46.0,5.4,commune\n");
    write("neighbours.csv", "insee,neighbour_insee\n01001,01002\n01002,01001\n");
    write("departments.csv", "code,name,region\n01,Ain,84\n");
    write("regions.csv", "code,name\n84,Auvergne-Rhône-Alpes\n");
  }

  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir_.path() + "/" + name, std::ios::binary) << content;
  }

  // The message of the runtime_error the load throws ("" when it loads).
  std::string load_error() {
    try {
      Geography::load(dir_.path());
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }

  std::string path(const std::string& name) const { return dir_.path() + "/" + name; }

  alin::testing::TempDir dir_;
};

TEST_F(GeographyFiles, ASmallValidSetLoads) {
  const auto geography = Geography::load(dir_.path());
  EXPECT_EQ(geography->size(), 2u);
  EXPECT_EQ(codes(geography->neighbours("01001")), std::set<std::string>{"01002"});
  EXPECT_EQ(geography->find("01002")->population, 20);
  EXPECT_EQ(geography->department_name("01"), "Ain");
  EXPECT_EQ(geography->departments_of_region("84"), std::vector<std::string>{"01"});
}

TEST_F(GeographyFiles, CrLfAndBlankLinesAreFine) {
  write("communes.csv",
        "insee,name,department,region,population,lat,lon,kind\r\n"
        "01001,A,01,84,10,46.1,4.9,commune\r\n"
        "\n"
        "01002,B,01,84,20,46.0,5.4,commune\r\n");
  const auto geography = Geography::load(dir_.path());
  EXPECT_EQ(geography->size(), 2u);
  EXPECT_EQ(geography->find("01002")->name, "B");
  EXPECT_FALSE(geography->find("01002")->arrondissement) << "'commune\\r' read as 'commune'";
}

TEST_F(GeographyFiles, AShortRowNamesFileAndLine) {
  write("communes.csv",
        "insee,name,department,region,population,lat,lon,kind\n"
        "01001,A,01,84,10,46.1,4.9,commune\n"
        "01002,B,01,84\n");
  EXPECT_EQ(load_error(), path("communes.csv") + ":3: expected 8 unquoted fields");
}

TEST_F(GeographyFiles, ALongRowNamesFileAndLine) {
  write("departments.csv", "code,name,region\n01,Ain,84\n02,Aisne,32,extra\n");
  EXPECT_EQ(load_error(), path("departments.csv") + ":3: expected 3 unquoted fields");
}

TEST_F(GeographyFiles, AQuotedFieldIsRefused) {
  write("regions.csv", "code,name\n84,\"Auvergne-Rhône-Alpes\"\n");
  EXPECT_EQ(load_error(), path("regions.csv") + ":2: expected 2 unquoted fields");
}

TEST_F(GeographyFiles, ANonNumberNamesFileAndLine) {
  write("communes.csv",
        "insee,name,department,region,population,lat,lon,kind\n"
        "01001,A,01,84,ten,46.1,4.9,commune\n");
  EXPECT_EQ(load_error(), path("communes.csv") + ":2: not a number");
  write("communes.csv",
        "insee,name,department,region,population,lat,lon,kind\n"
        "01001,A,01,84,10,46.1,4.9,commune\n"
        "01002,B,01,84,20,,5.4,commune\n");
  EXPECT_EQ(load_error(), path("communes.csv") + ":3: not a number") << "an empty latitude";
}

TEST_F(GeographyFiles, AnUnknownNeighbourIsRefused) {
  write("neighbours.csv", "insee,neighbour_insee\n01001,01002\n01001,09999\n");
  const std::string error = load_error();
  EXPECT_NE(error.find("neighbours.csv"), std::string::npos) << error;
  EXPECT_NE(error.find("09999"), std::string::npos) << error;
}

TEST_F(GeographyFiles, AMissingFileIsNamed) {
  fs::remove(path("regions.csv"));
  EXPECT_EQ(load_error(), "cannot open " + path("regions.csv"));
}

}  // namespace
