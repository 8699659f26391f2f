/// Verbs that start a task ("buy", "call", "email" …). The splitter cuts "buy milk and call
/// mom" at "and call" because "call" is one of them and "milk" is not.
enum TaskVerbs {
    static let verbs: Set<String> = [
        "buy", "call", "email", "e-mail", "text", "phone", "ring", "message", "ping", "pay", "book", "schedule", "send",
        "write", "read", "clean", "fix", "pick", "drop", "take", "bring", "get", "grab", "fetch", "collect", "make",
        "finish", "submit", "review", "prepare", "prep", "order", "return", "renew", "cancel", "check", "update", "file",
        "print", "sign", "water", "feed", "walk", "wash", "cook", "bake", "meet", "visit", "go", "do", "ask", "tell",
        "invite", "plan", "organize", "organise", "pack", "unpack", "mail", "post", "ship", "deliver", "change", "replace",
        "repair", "install", "download", "upload", "backup", "back", "study", "practice", "practise", "contact", "follow",
        "research", "draft", "edit", "proofread", "translate", "apply", "register", "reserve", "confirm", "arrange", "shop",
        "purchase", "sell", "donate", "recycle", "vacuum", "mop", "sweep", "dust", "iron", "fold", "tidy", "sort",
        "declutter", "mow", "rake", "trim", "hang", "move", "see", "watch", "listen", "learn", "exercise", "run", "jog",
        "swim", "stretch", "meditate", "journal", "defrost", "thaw", "refill", "charge", "wrap", "thank", "fill", "start",
        "continue", "try", "test", "deploy", "merge", "release", "publish", "present", "rehearse", "pitch", "interview",
        "hire", "train", "grade", "remember", "reply", "respond", "answer", "share", "compile", "draw", "design", "build",
        "set", "put", "give", "lend", "borrow", "rent", "hire", "transfer", "deposit", "withdraw", "cash", "top",
        "empty", "unload", "load", "take", "wrap", "decorate", "paint", "plant", "weed", "trim", "polish", "scan",
        "photocopy", "fax", "dm", "whatsapp", "skype", "zoom", "facetime", "video", "greet", "congratulate", "celebrate",
        "pickup", "dropoff", "clear", "empty", "change", "check", "verify", "inspect", "measure", "weigh", "count",
        "cut", "chop", "boil", "grill", "roast", "fry", "eat", "drink", "sleep", "nap", "rest", "shower", "bathe",
    ]

    /// Particles that complete a phrasal verb ("pick up", "drop off"): a segment ending in one
    /// is not a whole task yet.
    static let particles: Set<String> = ["up", "off", "out", "in", "on", "down", "back", "over", "away", "around"]

    static let pronouns: Set<String> = ["it", "them", "him", "her", "this", "that", "those", "these", "one", "us"]

    static func isVerb(_ token: Token) -> Bool { token.isWord && verbs.contains(token.norm) }
}
