#include "alin/workflow/email_templates.hpp"

#include <fstream>
#include <sstream>

namespace alin::workflow {
namespace {

std::string fill(const std::string& text, const nlohmann::json& context) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const auto open = text.find("{{", at);
    if (open == std::string::npos) break;
    const auto close = text.find("}}", open + 2);
    if (close == std::string::npos) break;
    out.append(text, at, open - at);
    const auto value = context.find(text.substr(open + 2, close - open - 2));
    if (value != context.end())
      out += value->is_string() ? value->get<std::string>() : value->dump();
    at = close + 2;
  }
  return out + text.substr(at);
}

}  // namespace

Result<EmailTemplates> EmailTemplates::load(const std::string& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (!in || json.is_discarded() || !json.is_object()) {
    return Error::invalid("invalid_templates", "Les modèles d'e-mails sont illisibles.",
                          {{file, "malformed_json", "a JSON object is expected"}});
  }
  EmailTemplates templates;
  std::vector<FieldError> errors;
  for (const auto& [name, node] : json.items()) {
    if (!node.is_object() || !node.contains("subject") || !node.contains("body") ||
        !node["subject"].is_string() || !node["body"].is_string()) {
      errors.push_back(
          {file + ":/" + name, "invalid_template", "subject and body (strings) are expected"});
      continue;
    }
    templates.templates_[name] = {node["subject"].get<std::string>(),
                                  node["body"].get<std::string>()};
  }
  if (!errors.empty())
    return Error::invalid("invalid_templates", "Des modèles d'e-mails ne sont pas valides.",
                          errors);
  return templates;
}

std::set<std::string> EmailTemplates::action_names() const {
  std::set<std::string> names;
  for (const auto& [name, t] : templates_) names.insert("email." + name);
  return names;
}

std::optional<mail::Email> EmailTemplates::render(const std::string& name,
                                                  const nlohmann::json& context) const {
  const auto it = templates_.find(name);
  const auto to = context.find("email");
  if (it == templates_.end() || to == context.end() || !to->is_string()) return std::nullopt;
  return mail::Email{to->get<std::string>(), fill(it->second.subject, context),
                     fill(it->second.body, context), name};
}

EmailRenderer EmailTemplates::renderer() const {
  return [this](const std::string& name, const Instance& instance,
                UnixSeconds now) -> std::optional<outbox::NewEffect> {
    auto email = render(name, instance.context);
    if (!email) return std::nullopt;
    return mail::send_effect(*email, now);
  };
}

}  // namespace alin::workflow
