#pragma once
// A plugin's settings as it receives them at create: "key=value" lines, already checked by the
// host against the settings the plugin declared.
#include <map>
#include <string>
#include <string_view>

namespace alin::sdk {

class Settings {
 public:
  static Settings parse(std::string_view text) {
    Settings settings;
    while (!text.empty()) {
      const auto end = text.find('\n');
      const std::string_view line = text.substr(0, end);
      const auto equals = line.find('=');
      if (equals != std::string_view::npos) {
        settings.values_[std::string(line.substr(0, equals))] =
            std::string(line.substr(equals + 1));
      }
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
    return settings;
  }
  std::string get(const std::string& key, const std::string& fallback = "") const {
    const auto it = values_.find(key);
    return it == values_.end() ? fallback : it->second;
  }
  bool has(const std::string& key) const { return values_.count(key) > 0; }
  const std::map<std::string, std::string>& values() const { return values_; }

  // The reverse of parse, for the host.
  static std::string format(const std::map<std::string, std::string>& values) {
    std::string text;
    for (const auto& [key, value] : values) text += key + "=" + value + "\n";
    return text;
  }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace alin::sdk
