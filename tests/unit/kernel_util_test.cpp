// Crypto helpers, the clocks, the geography over the real communes, connection strings.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "alin/geo/geography.hpp"
#include "alin/store/database.hpp"
#include "alin/util/clock.hpp"
#include "alin/util/crypto.hpp"
#include "support/test_database.hpp"

using namespace alin;

namespace {

TEST(Crypto, Argon2idRoundTrip) {
  crypto::initialise();
  const crypto::PasswordCost cheap{1, 8192};
  const std::string hash = crypto::hash_password("Secret2026", cheap);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(crypto::verify_password("Secret2026", hash));
  EXPECT_FALSE(crypto::verify_password("Secret2027", hash));
  EXPECT_FALSE(crypto::verify_password("Secret2026", ""));
  EXPECT_NE(crypto::hash_password("Secret2026", cheap), hash) << "salted";
}

TEST(Crypto, TokensIdsAndCodes) {
  crypto::initialise();
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = crypto::random_token();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_TRUE(std::regex_match(token, std::regex("[A-Za-z0-9_-]+")));
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(crypto::token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") << "SHA-256";
  EXPECT_TRUE(std::regex_match(crypto::new_id(), std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_TRUE(std::regex_match(crypto::random_digits(6), std::regex("[0-9]{6}")));
}

TEST(Clock, TestClockMovesForwardOnly) {
  TestClock clock;
  const UnixSeconds before = clock.now();
  clock.advance(86400);
  EXPECT_GE(clock.now(), before + 86400);
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(1795342500), "2026-11-22T10:15:00Z");
}

class GeographyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { geography_ = geo::Geography::load(std::string(ALIN_SOURCE_DIR) + "/rules/data/communes"); }
  static std::shared_ptr<const geo::Geography> geography_;
};
std::shared_ptr<const geo::Geography> GeographyTest::geography_;

TEST_F(GeographyTest, HoldsEveryCommuneAndParisNeighbours) {
  EXPECT_EQ(geography_->size(), 34766u);
  // The 29 towns that share a border with Paris (shared/data/paris_and_limitrophes.csv).
  const std::set<std::string> expected = {
      "92012", "92024", "92040", "92044", "92046", "92049", "92051", "92062", "92064", "92073",
      "92075", "93001", "93006", "93045", "93048", "93055", "93061", "93066", "93070", "94018",
      "94033", "94037", "94041", "94042", "94043", "94052", "94067", "94069", "94080"};
  std::set<std::string> neighbours;
  for (const geo::Commune* c : geography_->neighbours("75056")) {
    if (!c->arrondissement) neighbours.insert(c->insee);
  }
  EXPECT_EQ(neighbours, expected);
  EXPECT_TRUE(geography_->neighbours("99999").empty());
}

TEST_F(GeographyTest, DepartmentsRegionsAndDistances) {
  const geo::Commune* brest = geography_->find("29019");
  const geo::Commune* paris = geography_->find("75056");
  ASSERT_TRUE(brest && paris);
  EXPECT_EQ(brest->name, "Brest");
  EXPECT_EQ(brest->department, "29");
  EXPECT_EQ(geography_->department_name("29"), "Finistère");
  EXPECT_EQ(geography_->region_name("11"), "Île-de-France");
  EXPECT_EQ(geography_->departments_of_region("11"),
            (std::vector<std::string>{"75", "77", "78", "91", "92", "93", "94", "95"}));
  EXPECT_NEAR(geo::Geography::distance_km(paris->lat, paris->lon, brest->lat, brest->lon), 505, 10);
  std::set<std::string> near;
  for (const geo::Commune* c : geography_->within(*paris, 10)) near.insert(c->insee);
  EXPECT_TRUE(near.count("92012")) << "Boulogne-Billancourt";
  EXPECT_FALSE(near.count("78646")) << "Versailles is ~17 km away";
  EXPECT_NE(geography_->find("2A004"), nullptr) << "Corsica's codes are strings";
}

TEST(Geography, MalformedFileNamesFileAndLine) {
  alin::testing::TempDir dir;
  std::ofstream(dir.path() + "/communes.csv") << "insee,name,department,region,population,lat,lon,kind\n"
                                              << "01001,A,01,84,10,46.1,4.9,commune\n"
                                              << "01002,B,01,84\n";
  try {
    geo::Geography::load(dir.path());
    FAIL() << "a short row must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("communes.csv:3"), std::string::npos) << e.what();
  }
}

TEST(ConnectionString, BackendsAndErrors) {
  EXPECT_EQ(store::ConnectionString::parse("sqlite3://db=/tmp/a.db").backend, store::Backend::sqlite);
  EXPECT_EQ(store::ConnectionString::parse("sqlite3://db=/tmp/a.db").parameters, "db=/tmp/a.db");
  EXPECT_EQ(store::ConnectionString::parse("postgresql://dbname=x port=5").backend, store::Backend::postgresql);
  EXPECT_THROW(store::ConnectionString::parse("mysql://db=x"), std::invalid_argument);
  EXPECT_THROW(store::ConnectionString::parse("db=x"), std::invalid_argument);
}

}  // namespace
