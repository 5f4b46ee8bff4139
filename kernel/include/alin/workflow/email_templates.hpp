#pragma once
// The French emails of the workflows (workflows/emails/fr.json): a subject and a body per template,
// with {{field}} filled from the instance's context. The recipient is the context's "email".
#include <map>
#include <optional>
#include <set>
#include <string>

#include "alin/mail/mail.hpp"
#include "alin/util/error.hpp"
#include "alin/workflow/engine.hpp"

namespace alin::workflow {

class EmailTemplates {
 public:
  static Result<EmailTemplates> load(const std::string& file);

  // "email.<name>" for each template: the action names a definition may use.
  std::set<std::string> action_names() const;
  // The email for `name` and `context`, or nullopt when the context names no recipient.
  std::optional<mail::Email> render(const std::string& name, const nlohmann::json& context) const;
  // The EmailRenderer the engine calls for a transition's email actions.
  EmailRenderer renderer() const;

 private:
  struct Template {
    std::string subject, body;
  };
  std::map<std::string, Template> templates_;
};

}  // namespace alin::workflow
