#pragma once
// A landlord (RULES.md §5): receives the files shortlisted for its offers, with the documents its
// policy allows, and reports its events back (contacted, committee, decision, lease). Its quirks
// live here, not in the kernel: In'li's own email to the applicant, its account requirement, the
// "socle" documents only (T 11.28).
#include <string>
#include <vector>

#include "alin/sdk/result.hpp"

namespace alin::sdk {

struct Document {
  std::string kind;         // "identity", "tax_notice_n1", "payslips"…
  std::string category;     // "identity" | "resources" | "tax_notice" | "motive" | "other"
  bool socle = false;       // identity + resources + tax notice N-1 (T 2.1)
  std::string valid_until;  // "" when it does not expire
};

struct Applicant {
  std::string last_name;
  std::string first_name;
  std::string email;
  std::string unique_number;
};

// One shortlisted file for one offer, as the kernel would send it.
struct Transmission {
  std::string application_id;
  std::string offer_id;
  std::string offer_reference;
  std::string landlord_name;
  Applicant applicant;
  int household_size = 1;
  long long tax_income = 0;
  std::vector<Document> documents;  // every document the applicant confirmed
};

// An email the kernel sends the applicant on the landlord's behalf (French).
struct ApplicantEmail {
  std::string template_name;  // "inli_contact"
  std::string subject;
  std::string body;
};

// What the landlord plugin decides for a transmission: which documents go, which emails the
// applicant receives, whether the applicant must open an account with the landlord.
struct TransmissionPlan {
  std::vector<Document> documents;
  std::vector<ApplicantEmail> emails;
  bool landlord_account_required = false;
  std::string note;  // shown to advisers: "In'li contactera le candidat"
};

struct Receipt {
  std::string reference;  // the landlord's own reference for the file
};

// An event as the landlord reports it, in its own words, and the platform's reading of it.
struct LandlordReport {
  std::string type;      // the landlord's own vocabulary
  std::string decision;  // "" when none
  std::string at;        // ISO 8601, "" for now
};
struct LandlordEvent {
  std::string type;      // "contacted" | "visitScheduled" | "committeeScheduled" |
                         // "committeeDecision" | "leaseSigned"
  std::string decision;  // "allocated" | "refused" | "waitingList" | ""
  std::string at;
};

class Landlord {
 public:
  virtual ~Landlord() = default;

  // Decides what a transmission carries; pure, no side effect (the kernel stores the plan and
  // queues the emails in its own transaction).
  virtual Result<TransmissionPlan> plan(const Transmission& transmission) noexcept = 0;
  // Sends a planned transmission (the documents are already the plan's). Called from the outbox,
  // at least once: the same application_id twice must not make two files.
  virtual Result<Receipt> transmit(const Transmission& transmission) noexcept = 0;
  // Reads an event the landlord reported into the platform's vocabulary; invalid when unknown.
  virtual Result<LandlordEvent> interpret(const LandlordReport& report) noexcept = 0;
};

}  // namespace alin::sdk
