// Passwords, tokens and ids (kernel/include/alin/util/crypto.hpp), over libsodium.
#include "alin/util/crypto.hpp"

#include <gtest/gtest.h>

#include <array>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>

namespace crypto = alin::crypto;

namespace {

// The lowest cost libsodium accepts: the tests hash in microseconds.
const crypto::PasswordCost kCheap{1, 8192};

class CryptoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    crypto::initialise();
    crypto::initialise();  // idempotent
  }
};

TEST_F(CryptoTest, HashIsArgon2idWithTheGivenCost) {
  const std::string hash = crypto::hash_password("Secret2026", kCheap);
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("Secret2026"), std::string::npos);
  const std::string costlier = crypto::hash_password("Secret2026", {2, 16384});
  EXPECT_EQ(costlier.rfind("$argon2id$v=19$m=16,t=2,p=1$", 0), 0u) << costlier;
}

TEST_F(CryptoTest, VerifyRoundTrip) {
  const std::string hash = crypto::hash_password("Secret2026", kCheap);
  EXPECT_TRUE(crypto::verify_password("Secret2026", hash));
  EXPECT_FALSE(crypto::verify_password("Secret2027", hash));
  EXPECT_FALSE(crypto::verify_password("secret2026", hash));
  EXPECT_FALSE(crypto::verify_password("Secret2026 ", hash));
  EXPECT_FALSE(crypto::verify_password("", hash));
}

TEST_F(CryptoTest, EachHashIsSalted) {
  const std::string a = crypto::hash_password("Secret2026", kCheap);
  const std::string b = crypto::hash_password("Secret2026", kCheap);
  EXPECT_NE(a, b);
  EXPECT_TRUE(crypto::verify_password("Secret2026", a));
  EXPECT_TRUE(crypto::verify_password("Secret2026", b));
}

TEST_F(CryptoTest, PasswordsAreBytesNotCStrings) {
  const std::string with_nul("a\0b", 3);
  const std::string hash = crypto::hash_password(with_nul, kCheap);
  EXPECT_TRUE(crypto::verify_password(with_nul, hash));
  EXPECT_FALSE(crypto::verify_password("a", hash)) << "nothing cut at the NUL";
  EXPECT_FALSE(crypto::verify_password(std::string("a\0c", 3), hash));
  const std::string empty = crypto::hash_password("", kCheap);
  EXPECT_TRUE(crypto::verify_password("", empty));
  EXPECT_FALSE(crypto::verify_password("x", empty));
  const std::string accents = crypto::hash_password("Été2026", kCheap);
  EXPECT_TRUE(crypto::verify_password("Été2026", accents));
}

TEST_F(CryptoTest, BadStoredHashesNeverVerify) {
  const std::string hash = crypto::hash_password("Secret2026", kCheap);
  EXPECT_FALSE(crypto::verify_password("Secret2026", ""));
  EXPECT_FALSE(crypto::verify_password("Secret2026", "not a hash"));
  EXPECT_FALSE(crypto::verify_password("Secret2026", hash.substr(0, hash.size() - 4)));
  std::string flipped = hash;  // one character of the digest (the last may carry padding bits only)
  char& c = flipped[flipped.size() - 10];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(crypto::verify_password("Secret2026", flipped));
}

TEST_F(CryptoTest, CostBelowTheMinimumIsRefused) {
  EXPECT_THROW(crypto::hash_password("Secret2026", {0, 8192}), std::runtime_error);
  EXPECT_THROW(crypto::hash_password("Secret2026", {1, 1024}), std::runtime_error);
}

TEST_F(CryptoTest, TokensAreUrlSafeAndDistinct) {
  const std::regex url_safe("[A-Za-z0-9_-]+");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string token = crypto::random_token();
    EXPECT_EQ(token.size(), 43u) << "32 bytes, base64 without padding";
    EXPECT_TRUE(std::regex_match(token, url_safe)) << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
  // ceil(4n/3) characters, no '='.
  EXPECT_EQ(crypto::random_token(1).size(), 2u);
  EXPECT_EQ(crypto::random_token(2).size(), 3u);
  EXPECT_EQ(crypto::random_token(3).size(), 4u);
  EXPECT_EQ(crypto::random_token(9).size(), 12u);
  EXPECT_EQ(crypto::random_token(0), "");
  EXPECT_TRUE(std::regex_match(crypto::random_token(64), url_safe));
}

TEST_F(CryptoTest, TokenHashIsStableHexSha256) {
  EXPECT_EQ(crypto::token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(crypto::token_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::string token = crypto::random_token();
  const std::string hash = crypto::token_hash(token);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_TRUE(std::regex_match(hash, std::regex("[0-9a-f]{64}"))) << hash;
  EXPECT_EQ(crypto::token_hash(token), hash) << "stable";
  EXPECT_NE(crypto::token_hash(token + "x"), hash);
  EXPECT_NE(crypto::token_hash(std::string("abc\0", 4)), crypto::token_hash("abc"))
      << "every byte counts";
}

TEST_F(CryptoTest, NewIdIsAVersion4Uuid) {
  const std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string id = crypto::new_id();
    EXPECT_EQ(id.size(), 36u);
    EXPECT_TRUE(std::regex_match(id, v4)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST_F(CryptoTest, RandomDigits) {
  EXPECT_EQ(crypto::random_digits(0), "");
  std::array<int, 10> counts{};
  for (int i = 0; i < 200; ++i) {
    const std::string code = crypto::random_digits(6);
    ASSERT_EQ(code.size(), 6u);
    ASSERT_TRUE(std::regex_match(code, std::regex("[0-9]{6}"))) << code;
    for (char c : code) ++counts[c - '0'];
  }
  // 1,200 digits: each of the ten appears (the chance one does not is below 1e-50).
  for (int d = 0; d < 10; ++d) EXPECT_GT(counts[d], 0) << d;
  EXPECT_EQ(crypto::random_digits(40).size(), 40u);
}

}  // namespace
