// The request details cache as a container (alin/requests/request_details_cache.hpp): exact
// revisions, the newer revision kept when readers race, and its bound. What moves the revisions,
// the database's triggers, is tested on both backends in
// tests/integration/request_details_cache_test.cpp.
#include "alin/requests/request_details_cache.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

using alin::requests::RequestDetails;
using alin::requests::RequestDetailsCache;

namespace {

std::shared_ptr<const RequestDetails> towns(const std::string& insee) {
  auto details = std::make_shared<RequestDetails>();
  details->wanted_communes = {insee};
  return details;
}

TEST(RequestDetailsCache, AnswersOnlyForTheRevisionKept) {
  RequestDetailsCache cache;
  EXPECT_EQ(cache.find("r1", 0), nullptr);
  const auto kept = towns("75111");
  cache.keep("r1", 3, kept);
  EXPECT_EQ(cache.find("r1", 3), kept);
  EXPECT_EQ(cache.find("r1", 4), nullptr) << "the rows changed since";
  EXPECT_EQ(cache.find("r1", 2), nullptr);
  EXPECT_EQ(cache.find("r2", 3), nullptr) << "another request";
}

TEST(RequestDetailsCache, ANewerRevisionReplacesAndAnOlderDoesNot) {
  RequestDetailsCache cache;
  cache.keep("r1", 3, towns("75111"));
  const auto newer = towns("75112");
  cache.keep("r1", 5, newer);
  EXPECT_EQ(cache.find("r1", 5), newer);
  EXPECT_EQ(cache.find("r1", 3), nullptr);
  // A reader that read revision 4 and finishes last must not bring the older rows back.
  cache.keep("r1", 4, towns("75113"));
  EXPECT_EQ(cache.find("r1", 5), newer);
  EXPECT_EQ(cache.find("r1", 4), nullptr);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(RequestDetailsCache, PastItsCapacityTheRequestKeptLongestAgoGoesFirst) {
  RequestDetailsCache cache(2);
  cache.keep("r1", 1, towns("75111"));
  cache.keep("r2", 1, towns("75112"));
  cache.keep("r1", 2, towns("75113"));  // a new revision of a kept request takes no new place
  EXPECT_EQ(cache.size(), 2u);
  cache.keep("r3", 1, towns("75114"));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.find("r1", 2), nullptr) << "kept first, dropped first";
  EXPECT_NE(cache.find("r2", 1), nullptr);
  EXPECT_NE(cache.find("r3", 1), nullptr);
  cache.keep("r1", 2, towns("75113"));
  EXPECT_EQ(cache.find("r2", 1), nullptr);
  EXPECT_NE(cache.find("r1", 2), nullptr);
  EXPECT_NE(cache.find("r3", 1), nullptr);
}

}  // namespace
