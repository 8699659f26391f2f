/// The questions the engine asks back, in the script of the message: Urdu script for Urdu,
/// Roman Urdu for Roman Urdu. The chat shows them as they are.
enum UrduClarifications {
    static func isUrduScript(_ tokens: [Token]) -> Bool {
        tokens.contains { $0.text.unicodeScalars.contains(where: UrduLexicon.isArabicLetter) }
    }

    static func whichTask(_ intent: Intent, _ tokens: [Token]) -> String {
        let urdu = isUrduScript(tokens)
        switch intent {
        case .complete: return urdu ? "کون سا کام مکمل ہو گیا؟" : "Kaun sa kaam mukammal ho gaya?"
        case .reopen: return urdu ? "کون سا کام دوبارہ کھولوں؟" : "Kaun sa kaam dobara kholun?"
        case .delete: return urdu ? "کون سا کام ہٹاؤں؟" : "Kaun sa kaam hataun?"
        default: return urdu ? "آپ کس کام کی بات کر رہے ہیں؟" : "Aap kis kaam ki baat kar rahe hain?"
        }
    }

    static func untilWhen(_ target: String, _ tokens: [Token]) -> String {
        isUrduScript(tokens) ? "“\(target)” کو کب تک ٹالوں؟" : "“\(target)” ko kab tak taalun?"
    }

    static func emptyTask(_ tokens: [Token]) -> String {
        isUrduScript(tokens) ? "کام کا نام کیا رکھوں؟" : "Kaam ka naam kya rakhun?"
    }

    /// The resolver's questions (in English) said in the message's script, where one is known.
    static func translate(_ question: String, _ tokens: [Token]) -> String {
        let urdu = isUrduScript(tokens)
        if question.hasPrefix("When should I remind you") { return urdu ? "کب یاد دلاؤں؟" : "Kab yaad dilaun?" }
        if question.hasPrefix("Before when?") { return urdu ? "کس وقت سے پہلے؟ اس کام کی ابھی کوئی تاریخ یا وقت نہیں ہے۔" : "Kis waqt se pehle? Is kaam ki abhi koi tareekh ya waqt nahi hai." }
        if question.hasPrefix("I can repeat tasks") { return urdu ? "میں کام روزانہ، ہفتہ وار، ماہانہ یا سالانہ دہرا سکتا ہوں، ہر چند گھنٹے نہیں۔ کتنی بار دہراؤں؟" : "Main kaam rozana, har hafte, har mahine ya har saal dohra sakta hoon, har chand ghante nahi. Kitni baar dohraun?" }
        return question
    }
}
