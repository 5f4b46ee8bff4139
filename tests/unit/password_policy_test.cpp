// The password rules (kernel/include/alin/accounts/password_policy.hpp): at least 8 and at most
// 128 characters, a digit, an upper-case and a lower-case letter, not the email; every broken
// rule listed.
#include "alin/accounts/password_policy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using alin::FieldError;
using alin::accounts::check_password;

namespace {

using Codes = std::vector<std::string>;

Codes codes(const std::vector<FieldError>& errors) {
  Codes out;
  for (const auto& e : errors) out.push_back(e.code);
  return out;
}

Codes check(std::string_view password, std::string_view email = "lea@example.fr") {
  return codes(check_password(password, email));
}

std::string repeat(std::string_view unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

TEST(PasswordPolicy, AValidPassword) {
  EXPECT_EQ(check("Secret2026"), Codes{});
  EXPECT_EQ(check("Abcdef12"), Codes{}) << "exactly 8";
  EXPECT_EQ(check("Aa1" + repeat("x", 125)), Codes{}) << "exactly 128";
  EXPECT_EQ(check("Mot de passe 2026 !"), Codes{}) << "spaces and punctuation are fine";
  EXPECT_EQ(check("Secret2026", ""), Codes{}) << "no email to compare with";
}

TEST(PasswordPolicy, EachRuleAlone) {
  EXPECT_EQ(check("Sec2026"), Codes{"too_short"});
  EXPECT_EQ(check("Aa1" + repeat("x", 126)), Codes{"too_long"});
  EXPECT_EQ(check("SecretSecret"), Codes{"no_digit"});
  EXPECT_EQ(check("secret2026"), Codes{"no_uppercase"});
  EXPECT_EQ(check("SECRET2026"), Codes{"no_lowercase"});
  EXPECT_EQ(check("Lea2026@example.fr", "lea2026@example.fr"), Codes{"equals_email"});
}

TEST(PasswordPolicy, SeveralBrokenRulesAreEachListed) {
  EXPECT_EQ(check("abc"), (Codes{"too_short", "no_digit", "no_uppercase"}));
  EXPECT_EQ(check("12345"), (Codes{"too_short", "no_uppercase", "no_lowercase"}));
  EXPECT_EQ(check(""), (Codes{"too_short", "no_digit", "no_uppercase", "no_lowercase"}));
  EXPECT_EQ(check(repeat("1", 129)), (Codes{"too_long", "no_uppercase", "no_lowercase"}));
  EXPECT_EQ(check("a@b.fr", "a@b.fr"),
            (Codes{"too_short", "no_digit", "no_uppercase", "equals_email"}));
}

TEST(PasswordPolicy, EqualToTheEmailWhateverTheCase) {
  EXPECT_EQ(check("LEA2026@EXAMPLE.FR", "lea2026@example.fr"),
            (Codes{"no_lowercase", "equals_email"}));
  EXPECT_EQ(check("Lea2026@example.fr", "LEA2026@Example.FR"), Codes{"equals_email"})
      << "an email not yet lower-cased by the caller";
  EXPECT_EQ(check("Lea2026@example.fr", "lea2026@example.com"), Codes{}) << "close is not equal";
  EXPECT_EQ(check("Lea2026@example.fr ", "lea2026@example.fr"), Codes{}) << "no trimming";
}

TEST(PasswordPolicy, LengthsCountCharactersNotBytes) {
  // "Aéé1aaa": 7 characters, 9 bytes.
  EXPECT_EQ(check("Aéé1aaa"), Codes{"too_short"});
  EXPECT_EQ(check("Aéé1aaaa"), Codes{}) << "8 characters";
  // 128 characters, 253 bytes; then 129.
  EXPECT_EQ(check("Aa1" + repeat("\xc3\xa9", 125)), Codes{});
  EXPECT_EQ(check("Aa1" + repeat("\xc3\xa9", 126)), Codes{"too_long"});
  EXPECT_EQ(check("Aa1" + repeat("\xf0\x9f\x8f\xa0", 5)), Codes{}) << "emoji: 4 bytes, 1 character";
}

TEST(PasswordPolicy, FieldAndMessages) {
  const auto errors = check_password("abc", "", "newPassword");
  ASSERT_EQ(errors.size(), 3u);
  for (const auto& e : errors) EXPECT_EQ(e.field, "newPassword");
  EXPECT_EQ(errors[0].message, "Le mot de passe doit contenir au moins 8 caractères.");
  EXPECT_EQ(errors[1].message, "Le mot de passe doit contenir au moins un chiffre.");
  EXPECT_EQ(errors[2].message, "Le mot de passe doit contenir au moins une lettre majuscule.");
  const auto defaults = check_password("Lea2026@example.fr", "lea2026@example.fr");
  ASSERT_EQ(defaults.size(), 1u);
  EXPECT_EQ(defaults[0].field, "password");
  EXPECT_EQ(defaults[0].message, "Le mot de passe doit être différent de l'adresse e-mail.");
}

}  // namespace
