#pragma once
// The unique number of a housing request (NUR / NUD), ../shared/data/README.md: 18 characters,
// territory (3: "111" for the Île-de-France register, "0" + department elsewhere, 971…976
// overseas) + month (2, 01–12) + year (2) of the first filing + sequence (6 digits) + office (5
// letters or digits); or the user guide's 17-character form with a 2-character territory (the
// region "11", or a department). Plain std only: the fuzz build compiles it alone.
#include <optional>
#include <string>
#include <string_view>

namespace alin::requests {

struct UniqueNumber {
  std::string text;        // normalised: upper case, no spaces
  std::string territory;   // "111", "029", "11", "29", "971"
  std::string department;  // "29", "2A", "971"; "" for the Île-de-France register (region 11)
  bool ile_de_france = false;
  int month = 0;         // 1–12
  int year = 0;          // 2000 + the two digits
  std::string sequence;  // 6 digits
  std::string office;    // "GDPUB"
};

struct UniqueNumberError {
  std::string code;     // "wrong_length", "bad_territory", "bad_month", "bad_year", "bad_sequence",
                        // "bad_office"
  std::string message;  // French
};

// Parses and checks a unique number; spaces and dashes typed by a person are ignored, letters
// are upper-cased. Exactly one of the two is set.
struct ParsedUniqueNumber {
  std::optional<UniqueNumber> number;
  std::optional<UniqueNumberError> error;
};
ParsedUniqueNumber parse_unique_number(std::string_view input);

// Whether `code` is a department: 01–95 (not 20), 2A, 2B, 971–974, 976.
bool is_department_code(std::string_view code);

}  // namespace alin::requests
