// Shape checks of personal fields (kernel/include/alin/accounts/validation.hpp): emails, French
// mobiles, names and SIRET keys.
#include "alin/accounts/validation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using alin::FieldError;
using namespace alin::accounts;

namespace {

using Codes = std::vector<std::string>;

Codes codes(const std::vector<FieldError>& errors) {
  Codes out;
  for (const auto& e : errors) out.push_back(e.code);
  return out;
}

std::string repeat(std::string_view unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

// --- emails

TEST(Email, NormalisedToLowerCaseAndTrimmed) {
  for (const auto& [given, expected] : std::vector<std::pair<std::string, std::string>>{
           {"lea@example.fr", "lea@example.fr"},
           {"  Lea.Dupont@Example.FR ", "lea.dupont@example.fr"},
           {"\tLEA@EXAMPLE.FR\r\n", "lea@example.fr"},
           {"lea+alin@sub.example.fr", "lea+alin@sub.example.fr"},
           {"a@b.c", "a@b.c"},
           {"o'brien@example.ie", "o'brien@example.ie"}}) {
    std::vector<FieldError> errors;
    EXPECT_EQ(normalise_email(given, errors), expected) << given;
    EXPECT_EQ(codes(errors), Codes{}) << given;
  }
}

TEST(Email, BadShapes) {
  for (const std::string bad :
       {"lea", "lea@", "@example.fr", "lea@example", "lea@@example.fr", "lea@ex@ample.fr",
        "lea dupont@example.fr", "lea@example.fr.", "<lea@example.fr>", "lea@.fr",
        "lea,marc@example.fr", "lea;marc@example.fr", "lea@exa\x7fmple.fr", "lea@exa\tmple.fr",
        "Léa <lea@example.fr>"}) {
    std::vector<FieldError> errors;
    normalise_email(bad, errors);
    EXPECT_EQ(codes(errors), Codes{"invalid_email"}) << bad;
  }
}

TEST(Email, LengthLimitIs254) {
  const std::string domain = "@example.fr";  // 11 bytes
  std::vector<FieldError> errors;
  normalise_email(repeat("a", 243) + domain, errors);
  EXPECT_EQ(codes(errors), Codes{}) << "254 bytes";
  normalise_email(repeat("a", 244) + domain, errors);
  EXPECT_EQ(codes(errors), Codes{"invalid_email"}) << "255 bytes";
}

TEST(Email, RequiredFieldAndMessage) {
  for (const char* empty : {"", "   ", "\t\n"}) {
    std::vector<FieldError> errors;
    EXPECT_EQ(normalise_email(empty, errors), "");
    EXPECT_EQ(codes(errors), Codes{"required"}) << "'" << empty << "'";
  }
  std::vector<FieldError> errors;
  EXPECT_EQ(normalise_email(" Not An Email ", errors, "contactEmail"), "not an email")
      << "the normalised text comes back even when refused";
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "contactEmail");
  EXPECT_EQ(errors[0].message, "L'adresse e-mail n'est pas valide.");
  std::vector<FieldError> defaults;
  normalise_email("x", defaults);
  EXPECT_EQ(defaults.at(0).field, "email");
}

TEST(Email, ErrorsAreAppended) {
  std::vector<FieldError> errors{{"other", "x", "y"}};
  normalise_email("bad", errors);
  EXPECT_EQ(codes(errors), (Codes{"x", "invalid_email"}));
}

// --- mobiles

TEST(Mobile, FrenchMobilesInEveryUsualWriting) {
  for (const auto& [given, expected] :
       std::vector<std::pair<std::string, std::string>>{{"0612345678", "0612345678"},
                                                        {"0798765432", "0798765432"},
                                                        {"06 12 34 56 78", "0612345678"},
                                                        {"07.12.34.56.78", "0712345678"},
                                                        {"06-12-34-56-78", "0612345678"},
                                                        {" 06 12 34 56 78 ", "0612345678"},
                                                        {"+33612345678", "0612345678"},
                                                        {"+33 6 12 34 56 78", "0612345678"},
                                                        {"+33 7.12.34.56.78", "0712345678"}}) {
    std::vector<FieldError> errors;
    EXPECT_EQ(normalise_mobile(given, errors), expected) << given;
    EXPECT_EQ(codes(errors), Codes{}) << given;
  }
}

TEST(Mobile, BadNumbers) {
  for (const char* bad :
       {"0112345678",       // a landline
        "0812345678",       // a special-rate number
        "061234567",        // 9 digits
        "06123456789",      // 11 digits
        "6123456789",       // no leading 0
        "+44 7700 900123",  // not French
        "+33 06 12 34 56 78", "0033612345678", "33612345678", "++33612345678", "06 12 34 56 78+",
        "(06) 12 34 56 78", "06-12-34-56-7a", "06/12/34/56/78", "+", "   "}) {
    std::vector<FieldError> errors;
    normalise_mobile(bad, errors);
    EXPECT_EQ(codes(errors), Codes{"invalid_mobile"}) << bad;
  }
}

TEST(Mobile, RequiredFieldAndMessage) {
  std::vector<FieldError> errors;
  normalise_mobile("", errors);
  EXPECT_EQ(codes(errors), Codes{"required"});
  errors.clear();
  normalise_mobile("0112345678", errors, "phone");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "phone");
  EXPECT_EQ(errors[0].message,
            "Le numéro de mobile doit être un numéro français (06 ou 07, 10 chiffres).");
}

// --- names

TEST(Name, AccentsAndUnicodeAreFine) {
  for (const auto& [given, expected] : std::vector<std::pair<std::string, std::string>>{
           {"Dupont", "Dupont"},
           {"  Zoé-Léa d'Arc  ", "Zoé-Léa d'Arc"},
           {"Ñúñez", "Ñúñez"},
           {"\xe6\x9d\x8e", "\xe6\x9d\x8e"},          // 李, 3 bytes
           {"\xf0\x9f\x8f\xa0", "\xf0\x9f\x8f\xa0"},  // 🏠, 4 bytes
           {"\xef\xbf\xbf", "\xef\xbf\xbf"},          // U+FFFF
           {"\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"},  // U+10FFFF
           {"\xc2\xa0x", "\xc2\xa0x"},                // no-break space
           {"\tMartin\n", "Martin"}}) {
    std::vector<FieldError> errors;
    EXPECT_EQ(check_name(given, errors, "lastName"), expected) << given;
    EXPECT_EQ(codes(errors), Codes{}) << given;
  }
}

TEST(Name, AtMost100CodePoints) {
  std::vector<FieldError> errors;
  check_name(repeat("\xc3\xa9", 100), errors, "lastName");
  EXPECT_EQ(codes(errors), Codes{}) << "100 code points, 200 bytes";
  check_name(repeat("a", 100), errors, "lastName");
  EXPECT_EQ(codes(errors), Codes{});
  check_name(repeat("\xf0\x9f\x8f\xa0", 100), errors, "lastName");
  EXPECT_EQ(codes(errors), Codes{}) << "100 code points, 400 bytes";
  check_name(repeat("\xc3\xa9", 101), errors, "lastName");
  EXPECT_EQ(codes(errors), Codes{"too_long"});
  errors.clear();
  check_name(repeat("a", 101), errors, "firstName");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "firstName");
  EXPECT_EQ(errors[0].code, "too_long");
  EXPECT_EQ(errors[0].message, "Ce champ ne peut dépasser 100 caractères.");
}

TEST(Name, InvalidUtf8AndControlCharactersAreRefused) {
  for (const std::string& bad :
       std::vector<std::string>{"a\x01z",
                                "a\x7fz",
                                "a\tb",
                                "a\nb",
                                std::string("a\0b", 3),
                                "\xff\xfe",              // never in UTF-8
                                "abc\xc3",               // cut short at the end
                                "\xe6\x9d",              // cut short
                                "\xc3\x28",              // a lead byte without its continuation
                                "\x80xyz",               // a lone continuation byte
                                "\xc0\xaf",              // overlong '/'
                                "\xc1\xbf",              // overlong
                                "\xe0\x80\xaf",          // overlong, 3 bytes
                                "\xf0\x80\x80\xaf",      // overlong, 4 bytes
                                "\xed\xa0\x80",          // a UTF-16 surrogate, U+D800
                                "\xed\xbf\xbf",          // U+DFFF
                                "\xf4\x90\x80\x80",      // U+110000, beyond Unicode
                                "\xf5\x80\x80\x80",      // lead byte beyond Unicode
                                "\xf8\x88\x80\x80\x80",  // a 5-byte form
                                "a\xc2\x85z",            // U+0085, a C1 control character (NEL)
                                "a\xc2\x9fz"}) {         // U+009F, the last C1 control
    std::vector<FieldError> errors;
    check_name(bad, errors, "lastName");
    EXPECT_EQ(codes(errors), Codes{"invalid_characters"}) << ::testing::PrintToString(bad);
  }
  std::vector<FieldError> errors;
  check_name("a\x01", errors, "lastName");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "Ce champ contient des caractères non valides.");
}

TEST(Name, Required) {
  for (const char* empty : {"", " ", " \t\r\n "}) {
    std::vector<FieldError> errors;
    EXPECT_EQ(check_name(empty, errors, "firstName"), "");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].code, "required");
    EXPECT_EQ(errors[0].field, "firstName");
    EXPECT_EQ(errors[0].message, "Ce champ est obligatoire.");
  }
}

// --- SIRET

TEST(Siret, ValidLuhnKeys) {
  EXPECT_TRUE(is_valid_siret("41234567800004"));
  EXPECT_TRUE(is_valid_siret("55234567800007"));
  EXPECT_TRUE(is_valid_siret("55234567800015"));
  EXPECT_TRUE(is_valid_siret("73282932000074"));
}

TEST(Siret, LaPoste) {
  // The head office 356 000 000 00048: a Luhn key (8 + 4·2 + 6·2→3 + 5 + 3·2 = 30), its digit
  // sum (26) not a multiple of 5.
  EXPECT_TRUE(is_valid_siret("35600000000048"));
  // Its establishments: no Luhn key, but a digit sum that is a multiple of 5 (45, 20).
  EXPECT_TRUE(is_valid_siret("35600000049837"));
  EXPECT_TRUE(is_valid_siret("35600000000056"));
  // Neither rule: refused.
  EXPECT_FALSE(is_valid_siret("35600000049838"));
  EXPECT_FALSE(is_valid_siret("35600000000049"));
  // The multiple-of-5 rule is La Poste's alone: 41234567800005's digits sum to 45.
  EXPECT_FALSE(is_valid_siret("41234567800005"));
  EXPECT_FALSE(is_valid_siret("35600000100005")) << "SIREN 356000001 is not La Poste";
}

TEST(Siret, InvalidKeysAndShapes) {
  for (const std::string& bad : std::vector<std::string>{
           "41234567800003", "41234567800014", "14234567800004",  // wrong key, swapped digits
           "4123456780000",                                       // 13 digits
           "412345678000040",                                     // 15 digits
           "4123456780000a", "412 345 678 00004", " 41234567800004", "41234567800004 ",
           "+1234567800004", "-1234567800004", "", "00000000000000x",
           "412345678000\xc3\xa9",  // 14 bytes, not digits
           std::string("4123456780000\0", 14)}) {
    EXPECT_FALSE(is_valid_siret(bad)) << ::testing::PrintToString(bad);
  }
  EXPECT_TRUE(is_valid_siret("00000000000000")) << "all zeros has a valid Luhn key";
}

}  // namespace
