#include "accounts/account_emails.hpp"

namespace alin::accounts {

mail::Email confirmation_email(const std::string& to, const std::string& first_name,
                               const std::string& link, int valid_hours) {
  return {to, "Confirmez la création de votre espace AL'in",
          "Bonjour " + first_name +
              ",\n\n"
              "Vous avez demandé la création de votre espace demandeur sur AL'in.\n"
              "Pour l'activer et choisir votre mot de passe, ouvrez ce lien :\n\n" +
              link +
              "\n\n"
              "Ce lien est valable " +
              std::to_string(valid_hours) +
              " heures. Passé ce délai, "
              "vous pourrez en demander un nouveau depuis la page de connexion.\n\n"
              "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n"
              "L'équipe AL'in\n",
          "account_confirmation"};
}

mail::Email staff_invitation_email(const std::string& to, const std::string& first_name,
                                   const std::string& role, const std::string& link,
                                   int valid_hours) {
  return {to, "Votre accès à AL'in",
          "Bonjour " + first_name +
              ",\n\n"
              "Un accès « " +
              role +
              " » vous a été ouvert sur AL'in.\n"
              "Pour l'activer et choisir votre mot de passe, ouvrez ce lien :\n\n" +
              link +
              "\n\n"
              "Ce lien est valable " +
              std::to_string(valid_hours) +
              " heures.\n\n"
              "L'équipe AL'in\n",
          "staff_invitation"};
}

mail::Email password_reset_email(const std::string& to, const std::string& first_name,
                                 const std::string& link, int valid_minutes) {
  return {to, "Réinitialisation de votre mot de passe AL'in",
          "Bonjour " + first_name +
              ",\n\n"
              "Une réinitialisation du mot de passe de votre espace AL'in a été demandée.\n"
              "Pour choisir un nouveau mot de passe, ouvrez ce lien :\n\n" +
              link +
              "\n\n"
              "Ce lien est valable " +
              std::to_string(valid_minutes) +
              " minutes et ne sert qu'une fois. "
              "Vos sessions ouvertes seront fermées.\n\n"
              "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : "
              "votre mot de passe reste inchangé.\n\n"
              "L'équipe AL'in\n",
          "password_reset"};
}

}  // namespace alin::accounts
