// Password rules, personal-field checks and SIRET keys.
#include <gtest/gtest.h>

#include "alin/accounts/password_policy.hpp"
#include "alin/accounts/validation.hpp"

using namespace alin;
using namespace alin::accounts;

namespace {

std::vector<std::string> codes(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.code);
  return out;
}

TEST(PasswordPolicy, EachRuleAloneAndTogether) {
  EXPECT_TRUE(check_password("Secret2026", "lea@example.fr").empty());
  EXPECT_EQ(codes(check_password("Sec2026", "")), (std::vector<std::string>{"too_short"}));
  EXPECT_EQ(codes(check_password("SecretSecret", "")), (std::vector<std::string>{"no_digit"}));
  EXPECT_EQ(codes(check_password("secret2026", "")), (std::vector<std::string>{"no_uppercase"}));
  EXPECT_EQ(codes(check_password("SECRET2026", "")), (std::vector<std::string>{"no_lowercase"}));
  EXPECT_EQ(codes(check_password("abc", "")), (std::vector<std::string>{"too_short", "no_digit", "no_uppercase"}));
  EXPECT_EQ(codes(check_password("Lea2@example.fr", "lea2@example.fr")), (std::vector<std::string>{"equals_email"}))
      << "compared without case";
  EXPECT_EQ(codes(check_password(std::string(129, 'a') + "A1", "")), (std::vector<std::string>{"too_long"}));
  for (const auto& e : check_password("abc", "", "newPassword")) EXPECT_EQ(e.field, "newPassword");
}

TEST(Validation, EmailsAreTrimmedLowercasedAndShaped) {
  std::vector<FieldError> errors;
  EXPECT_EQ(normalise_email("  Lea.Dupont@Example.FR ", errors), "lea.dupont@example.fr");
  EXPECT_TRUE(errors.empty());
  for (const char* bad : {"lea", "lea@", "@example.fr", "lea@example", "lea@@example.fr", "lea dupont@example.fr",
                          "lea@example.fr.", "<lea@example.fr>"}) {
    std::vector<FieldError> e;
    normalise_email(bad, e);
    ASSERT_EQ(e.size(), 1u) << bad;
    EXPECT_EQ(e[0].code, "invalid_email") << bad;
  }
  std::vector<FieldError> empty;
  normalise_email("", empty);
  EXPECT_EQ(empty.at(0).code, "required");
}

TEST(Validation, FrenchMobiles) {
  for (const auto& [given, expected] : std::vector<std::pair<std::string, std::string>>{
           {"0612345678", "0612345678"}, {"06 12 34 56 78", "0612345678"}, {"07.12.34.56.78", "0712345678"},
           {"+33 6 12 34 56 78", "0612345678"}, {"+33712345678", "0712345678"}}) {
    std::vector<FieldError> errors;
    EXPECT_EQ(normalise_mobile(given, errors), expected) << given;
    EXPECT_TRUE(errors.empty()) << given;
  }
  for (const char* bad : {"0112345678", "061234567", "06123456789", "+44 7700 900123", "06-12-34-56-7a", "++33612345678"}) {
    std::vector<FieldError> errors;
    normalise_mobile(bad, errors);
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].code, "invalid_mobile") << bad;
  }
}

TEST(Validation, NamesAcceptAccentsAndRefuseControlsAndLength) {
  std::vector<FieldError> errors;
  EXPECT_EQ(check_name("  Zoé-Léa d'Arc  ", errors, "firstName"), "Zoé-Léa d'Arc");
  EXPECT_TRUE(errors.empty());
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "é";
  check_name(hundred, errors, "lastName");
  EXPECT_TRUE(errors.empty()) << "100 code points, 200 bytes: accepted";
  check_name(hundred + "é", errors, "lastName");
  EXPECT_EQ(codes(errors), (std::vector<std::string>{"too_long"}));
  for (const std::string& bad : std::vector<std::string>{"a\x01b", "\xff\xfe", "abc\xc3"}) {
    std::vector<FieldError> e;
    check_name(bad, e, "lastName");
    EXPECT_EQ(codes(e), (std::vector<std::string>{"invalid_characters"}));
  }
}

TEST(Validation, SiretKeys) {
  EXPECT_TRUE(is_valid_siret("41234567800004"));
  EXPECT_TRUE(is_valid_siret("55234567800007"));
  EXPECT_FALSE(is_valid_siret("41234567800005"));
  EXPECT_FALSE(is_valid_siret("4123456780000"));
  EXPECT_FALSE(is_valid_siret("4123456780000a"));
  EXPECT_TRUE(is_valid_siret("35600000000048")) << "La Poste's head office: a Luhn key";
  EXPECT_TRUE(is_valid_siret("35600000049837")) << "a La Poste establishment: digit sum divisible by 5";
  EXPECT_FALSE(is_valid_siret("35600000049838"));
}

}  // namespace
