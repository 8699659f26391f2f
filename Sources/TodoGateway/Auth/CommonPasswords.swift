/// Passwords too common to accept (OWASP ASVS 2.1.7): a small embedded list of the ones that
/// lead every published breach corpus and meet the 8-character minimum, compared without
/// regard to letter case or surrounding spaces. Only long enough ones are listed; shorter ones
/// already fail the length rule.
enum CommonPasswords {
    static func contains(_ password: String) -> Bool {
        let folded = password.trimmingCharacters(in: .whitespaces).lowercased()
        if list.contains(folded) { return true }
        // One character repeated ("aaaaaaaa") or a run of the digit row ("123456789").
        if let first = folded.first, folded.allSatisfy({ $0 == first }) { return true }
        return "01234567890".contains(folded) || "09876543210".contains(folded)
    }

    static let list: Set<String> = [
        "password", "password1", "password12", "password123", "password1234", "password!", "passw0rd", "p@ssw0rd",
        "p@ssword", "pa$$word", "12345678", "123456789", "1234567890", "0123456789", "87654321", "987654321",
        "11111111", "00000000", "12341234", "11223344", "12344321", "123123123", "147258369", "159753456",
        "qwertyui", "qwertyuiop", "qwerty123", "qwerty12", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx",
        "asdfghjk", "asdfghjkl", "zxcvbnm1", "abcd1234", "abc12345", "abcdefgh", "a1b2c3d4", "aa123456",
        "iloveyou", "iloveyou1", "sunshine", "princess", "football", "baseball", "basketball", "superman",
        "batman123", "starwars", "trustno1", "welcome1", "welcome123", "letmein1", "letmein123", "admin123",
        "administrator", "changeme", "changeme1", "computer", "internet", "whatever", "michelle", "jennifer",
        "jordan23", "charlie1", "master123", "monkey123", "dragon123", "shadow123", "mustang1", "liverpool",
        "chelsea1", "arsenal1", "pokemon1", "minecraft", "secret123", "freedom1", "qwer1234", "q1w2e3r4",
        "q1w2e3r4t5", "azertyuiop", "azerty123", "motdepasse", "passwort", "hallo123", "contraseña", "senha123",
        "default1", "access14", "test1234", "testtest", "user1234", "guest123", "login123", "hello123",
        "helloworld", "lovely12", "flower12", "samsung1", "google123", "facebook", "linkedin", "todo1234",
    ]
}

import Foundation
