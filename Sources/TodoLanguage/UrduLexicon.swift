/// The words the Urdu grammar reads, in both scripts. Every spelling maps to one canonical
/// key (written the Roman way: "kal", "baje", "dikhao"), so one grammar (`UrduParser`) serves
/// Urdu script and Roman Urdu alike; titles keep what the user typed.
enum UrduLexicon {
    /// Arabic-script letters (the Arabic block and its Urdu/Persian extensions), not digits or
    /// punctuation: a message with one of them is Urdu.
    static func isArabicLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard (0x0600...0x06FF).contains(value) || (0x0750...0x077F).contains(value) || (0xFB50...0xFDFF).contains(value) || (0xFE70...0xFEFF).contains(value) else { return false }
        if (0x0660...0x0669).contains(value) || (0x06F0...0x06F9).contains(value) { return false }  // digits
        if [0x060C, 0x061B, 0x061F, 0x06D4].contains(value) { return false }  // ، ؛ ؟ ۔
        return true
    }

    /// The canonical key of a word (already lowercased): its spelling variant folded, Urdu
    /// digits made ASCII, Arabic letter forms made Urdu ones, diacritics dropped.
    static func canonical(_ lower: String) -> String {
        let folded = fold(lower)
        return spellings[folded] ?? folded
    }

    /// Urdu (۰–۹) and Arabic-Indic (٠–٩) digits → ASCII; Arabic yeh/kaf/heh → Urdu forms;
    /// harakat and the superscript alef dropped (they are optional in writing).
    static func fold(_ word: String) -> String {
        var needsWork = false
        for scalar in word.unicodeScalars where scalar.value >= 0x0600 { needsWork = true; break }
        guard needsWork else { return word }
        var scalars = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x06F0...0x06F9: scalars.append(Unicode.Scalar(value - 0x06F0 + 0x30)!)
            case 0x0660...0x0669: scalars.append(Unicode.Scalar(value - 0x0660 + 0x30)!)
            case 0x064A, 0x0649: scalars.append("\u{06CC}")  // ي ى → ی
            case 0x0643: scalars.append("\u{06A9}")  // ك → ک
            case 0x0647: scalars.append("\u{06C1}")  // ه → ہ
            case 0x064B...0x065F, 0x0670: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Number words, either script ("do" is also "give": the grammar reads it as a number only
    /// before a unit or "baje").
    static func number(_ key: String) -> Int? {
        if let value = Int(key), value >= 0, value < 10_000 { return value }
        return numberWords[key]
    }

    static let numberWords: [String: Int] = [
        "ek": 1, "aik": 1, "do": 2, "teen": 3, "tin": 3, "char": 4, "chaar": 4, "panch": 5, "paanch": 5, "chhe": 6, "chay": 6, "che": 6,
        "saat": 7, "aath": 8, "nau": 9, "das": 10, "gyarah": 11, "gyara": 11, "barah": 12, "bara": 12, "pandrah": 15, "pandra": 15,
        "bees": 20, "tees": 30, "chalees": 40, "pachas": 50,
        "ایک": 1, "دو": 2, "تین": 3, "چار": 4, "پانچ": 5, "چھ": 6, "سات": 7, "آٹھ": 8, "نو": 9, "دس": 10, "گیارہ": 11, "بارہ": 12,
        "پندرہ": 15, "بیس": 20, "تیس": 30, "چالیس": 40, "پچاس": 50,
    ]

    /// Monday = 0 … Sunday = 6. "hafta" is also "week": the grammar decides (see UrduDates).
    static let weekdays: [String: Int] = ["peer": 0, "mangal": 1, "budh": 2, "jumeraat": 3, "jumma": 4, "hafta": 5, "saturday": 5, "itwaar": 6]

    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "april": 4, "may": 5, "mayi": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12, "dec": 12, "nov": 11, "oct": 10, "sep": 9, "aug": 8,
        "جنوری": 1, "فروری": 2, "مارچ": 3, "اپریل": 4, "مئی": 5, "جون": 6, "جولائی": 7, "اگست": 8, "ستمبر": 9, "اکتوبر": 10, "نومبر": 11, "دسمبر": 12,
    ]

    /// Latin words that are Urdu grammar or common Urdu vocabulary and not English words:
    /// their presence makes a Latin-script message Roman Urdu.
    static let romanMarkers: Set<String> = [
        "ko", "ka", "ki", "ke", "kay", "hai", "hain", "hay", "baje", "bajay", "bje", "bjay", "karna", "karni", "karne", "karwana", "karwani",
        "kar", "karo", "kro", "kr", "karein", "karen", "dikhao", "dikhaao", "dikha", "dikhayen", "dikhaen", "batao", "bataao", "batayen",
        "kal", "kl", "aaj", "aj", "parson", "parso", "subah", "subha", "shaam", "raat", "dopahar", "dopehar", "hafte", "haftay", "mahine",
        "mahinay", "mahina", "roz", "rozana", "yaad", "dilana", "dilaana", "karana", "wala", "wali", "wale", "walay", "kaam", "mujhe", "mujhay",
        "meri", "mera", "mere", "kya", "kia", "gaya", "gayi", "gya", "gaye", "hata", "hatao", "madad", "shukriya", "shukria", "tum", "aap",
        "yeh", "lena", "leni", "dena", "deni", "jana", "jaana", "se", "tak", "mein", "mangal", "budh", "jumma", "juma", "jumeraat", "jumerat",
        "itwaar", "itwar", "agle", "aglay", "agli", "pehle", "pehlay", "zaroori", "zaruri", "bohat", "bohot", "bahut", "mukammal", "baqi",
        "baaki", "baki", "wapas", "wapis", "saade", "sadhe", "sawa", "paune", "pone", "tareekh", "tarikh", "salam", "assalam", "alaikum",
        "sakte", "sakti", "doosre", "dusre", "lani", "lana", "chahiye", "nahi", "nahin", "aur", "bhi", "saare", "sare", "kab", "kaun",
        "kitne", "ghante", "ghanta", "hazf", "badal", "naam", "rakh", "bana", "taal", "somwar", "hafta", "dilao", "ho", "ye", "haan", "ji",
        "har", "din", "saal", "baad", "kardo", "krdo", "nikal", "nikalo", "karwa", "karwao", "dekhna", "parhna", "likhna", "milna", "lana",
        "bhejna", "bhejni", "kharidna", "khareedna", "dhona", "pakana", "bulana", "poochna", "puchna", "seekhna", "rakhna", "bharna",
        "dikhana", "dikhani", "lagana", "hatana", "badalna", "jama", "ghar", "gari", "gaari", "kapre", "kapray", "doodh", "sabzi", "ammi",
        "abbu", "dawai", "namaz", "roti", "khana", "paani", "bachon", "doston", "parso", "jummay", "aglay", "pichla", "pichle", "wapis", "laga", "lagao", "dobara", "khol",
        "pe", "maine", "karun", "karoon", "aayega", "aayegi", "ayega", "hoga", "hogi", "kaise", "istemal", "chai", "jaldi", "koi", "paanch", "panch",
        "chaar", "teen", "saat", "aath", "gyarah", "barah", "pandrah", "bees", "tees", "tarjeeh", "zyada", "kitab", "remind",
    ]

    /// Spelling variants → canonical key. Urdu-script words map to the same keys.
    static let spellings: [String: String] = {
        var map: [String: String] = [:]
        func add(_ key: String, _ variants: [String]) { for variant in variants { map[variant] = key } }
        // Days and dates
        add("aaj", ["aj", "aaj", "آج"])
        add("kal", ["kl", "kall", "کل"])
        add("parson", ["parso", "parsoon", "parsun", "parsoun", "parsön", "پرسوں", "پرسو"])
        add("peer", ["pir", "somwar", "somvar", "peer", "پیر", "سوموار"])
        add("mangal", ["mangal", "mangalwar", "منگل"])
        add("budh", ["budh", "budhwar", "buddh", "bud", "بدھ"])
        add("jumeraat", ["jumeraat", "jumerat", "jumeraat", "jumayraat", "jumairat", "jumarat", "jumraat", "جمعرات"])
        add("jumma", ["juma", "jumma", "jummah", "jumah", "jumaa", "jummay", "jumay", "jumme", "jume", "جمعہ", "جمعے"])
        add("hafta", ["hafta", "hafte", "haftay", "hafty", "haftey", "ہفتہ", "ہفتے", "ہفتا"])
        add("itwaar", ["itwar", "itwaar", "itvar", "itwaar", "etwar", "اتوار"])
        add("agle", ["agle", "aglay", "agli", "agla", "agley", "agly", "اگلے", "اگلی", "اگلا"])
        add("is", ["iss", "اس"])
        add("har", ["har", "hr", "ہر"])
        add("roz", ["roz", "roze", "rooz", "روز"])
        add("rozana", ["rozana", "rozaana", "rozanah", "روزانہ", "روزانا"])
        add("din", ["din", "dino", "dinon", "دن", "دنوں"])
        add("mahina", ["mahine", "mahinay", "mahina", "maheena", "mahiny", "maheene", "mahinon", "مہینے", "مہینہ", "مہینا", "ماہ"])
        add("saal", ["saal", "sal", "سال"])
        add("doosre", ["doosre", "dusre", "doosray", "dusray", "doosri", "dusri", "doosra", "dusra", "دوسرے", "دوسری", "دوسرا"])
        add("tareekh", ["tareekh", "tarikh", "tareek", "tarik", "tareekh", "تاریخ", "تاریخ"])
        add("pehli", ["pehli", "pehla", "pahli", "pehly", "پہلی", "پہلا"])
        add("aakhri", ["aakhri", "akhri", "akheri", "آخری"])
        add("subah", ["subah", "subha", "subh", "sobah", "صبح"])
        add("dopahar", ["dopahar", "dopehar", "dophar", "dupahar", "dopher", "dopaher", "dupehar", "دوپہر"])
        add("shaam", ["shaam", "sham", "شام"])
        add("raat", ["raat", "rat", "رات"])
        add("baje", ["baje", "bajay", "bje", "bjay", "bajey", "baj", "بجے", "بجہ"])
        add("saade", ["saade", "sadhe", "saarhe", "sarhe", "saadhe", "sade", "saare_", "ساڑھے", "ساڑے"])
        add("sawa", ["sawa", "swa", "سوا"])
        add("paune", ["paune", "pone", "pounay", "paunay", "pony", "ponay", "پونے"])
        add("dedh", ["dedh", "derh", "ڈیڑھ"])
        add("dhai", ["dhai", "dhaai", "ڈھائی"])
        add("baad", ["baad", "bad", "بعد"])
        add("pehle", ["pehle", "pehlay", "pahle", "pehley", "pehly", "پہلے"])
        add("minute", ["minute", "minutes", "minat", "mint", "min", "mins", "منٹ"])
        add("ghanta", ["ghanta", "ghante", "ghantay", "ghanty", "ghanton", "گھنٹہ", "گھنٹے", "گھنٹا"])
        // Reminders
        add("yaad", ["yaad", "yad", "یاد"])
        add("dilana", ["dilana", "dilaana", "dila", "dilao", "dilayein", "dilaen", "dilayen", "dilaiye", "dilaana", "dilaa", "دلانا", "دلا", "دلاؤ", "دلائیں", "دلادینا", "دلادیں"])
        add("karana", ["karana", "karaana", "karao", "کرانا", "کراؤ"])
        // Priority
        add("zaroori", ["zaroori", "zaruri", "zarori", "zaroorī", "zarooree", "ضروری"])
        add("bohat", ["bohat", "bohot", "bahut", "bht", "buhat", "bohut", "بہت"])
        add("fori", ["fori", "fauri", "فوری"])
        add("ahem", ["ahem", "aham", "ahm", "اہم"])
        add("kam", ["kam", "کم"])
        // Verbs and glue
        add("hai", ["hai", "he", "hay", "hain", "hen", "hy", "ہے", "ہیں"])
        add("ho", ["ho", "hu", "ہو"])
        add("gaya", ["gaya", "gya", "gayi", "gai", "gaye", "gye", "gae", "gyi", "گیا", "گئی", "گئے"])
        add("chuka", ["chuka", "chuki", "chuke", "چکا", "چکی", "چکے"])
        add("mukammal", ["mukammal", "mukamal", "mukkamal", "mukammil", "مکمل"])
        add("kar", ["kar", "kr", "کر"])
        add("do", ["do", "dein", "den", "dijiye", "dijye", "دو", "دیں", "دیجیے", "دیجئے", "دو۔"])
        add("karo", ["karo", "kro", "karein", "karen", "kijiye", "kijye", "کرو", "کریں", "کیجیے", "کیجئے"])
        add("lo", ["lo", "lein", "لو", "لیں"])
        add("liya", ["liya", "lia", "li", "lee", "لیا", "لی"])
        add("hazf", ["hazf", "حذف"])
        add("hata", ["hata", "hatao", "hta", "ہٹا", "ہٹاؤ", "ہٹائیں"])
        add("mita", ["mita", "mitao", "مٹا", "مٹاؤ"])
        add("nikal", ["nikal", "nikalo", "نکال", "نکالو"])
        add("badal", ["badal", "badlo", "badl", "بدل", "بدلو"])
        add("naam", ["naam", "nam", "نام"])
        add("rakh", ["rakh", "rakho", "رکھ", "رکھو"])
        add("bana", ["bana", "banao", "بنا", "بناؤ"])
        add("taal", ["taal", "tal", "talo", "taalo", "ٹال", "ٹالو"])
        add("aage", ["aage", "agay", "aagay", "آگے"])
        add("dikhao", ["dikhao", "dikhaao", "dikha", "dikhayen", "dikhaen", "dikhaiye", "dikhayein", "dikhaye", "دکھاؤ", "دکھا", "دکھائیں", "دکھائیے", "دکھاو"])
        add("batao", ["batao", "bataao", "bata", "batayen", "bataen", "bataiye", "batayein", "بتاؤ", "بتا", "بتائیں", "بتائیے", "بتاو"])
        add("kaam", ["kaam", "kam_", "کام", "کاموں"])
        add("list", ["list", "fehrist", "fehrest", "فہرست", "لسٹ"])
        add("task", ["task", "tasks", "ٹاسک"])
        add("meri", ["meri", "mera", "mere", "میری", "میرا", "میرے"])
        add("mujhe", ["mujhe", "mujhay", "muje", "mjhe", "مجھے"])
        add("kya", ["kya", "kia", "کیا"])
        add("baqi", ["baqi", "baaki", "baki", "baaqi", "باقی"])
        add("wala", ["wala", "wali", "wale", "waala", "waali", "waale", "walay", "والا", "والی", "والے"])
        add("wapas", ["wapas", "wapis", "واپس"])
        add("undo", ["undo", "انڈو"])
        add("madad", ["madad", "مدد"])
        add("help", ["help", "ہیلپ"])
        add("aap", ["aap", "ap", "tum", "آپ", "تم"])
        add("sakte", ["sakte", "sakti", "sakta", "saktay", "سکتے", "سکتی", "سکتا"])
        add("shukriya", ["shukriya", "shukria", "shukrya", "thanks", "thank", "شکریہ", "مہربانی", "meherbani"])
        add("salam", ["salam", "salaam", "assalam", "asalam", "aoa", "assalamualaikum", "السلام", "سلام"])
        add("alaikum", ["alaikum", "alaykum", "alykum", "alikum", "علیکم"])
        add("ye", ["ye", "yeh", "yah", "یہ", "ise", "isay", "isey", "اسے"])
        add("wo", ["wo", "woh", "voh", "وہ", "use", "usay", "اُسے"])
        add("ko", ["ko", "کو"])
        add("ka", ["ka", "کا"])
        add("ki", ["ki", "کی"])
        add("ke", ["ke", "kay", "کے"])
        add("se", ["se", "say", "سے"])
        add("par", ["par", "pe", "pay", "پر", "پہ"])
        add("tak", ["tak", "tk", "تک"])
        add("mein", ["mein", "main", "me", "mai", "میں"])
        add("aur", ["aur", "or_", "اور"])
        add("sab", ["sab", "saare", "sare", "tamam", "سب", "سارے", "تمام"])
        add("kitne", ["kitne", "kitnay", "کتنے"])
        add("kaun", ["kaun", "kon", "kaunse", "konse", "کون", "کونسے"])
        add("karna", ["karna", "karni", "karne", "کرنا", "کرنی", "کرنے"])
        add("tha", ["tha", "thi", "the_", "تھا", "تھی", "تھے"])
        add("kiya", ["kiya", "kiye", "کیا_", "کیے", "کئے"])
        add("overdue", ["overdue", "late"])
        add("adhoore", ["adhoore", "adhure", "adhura", "adhoora", "adhuri", "ادھورے", "ادھورا", "ادھوری"])
        add("pichle", ["pichle", "pichlay", "pichla", "pichli", "پچھلے", "پچھلا", "پچھلی"])
        add("reh", ["reh", "rah", "رہ"])
        add("nahi", ["nahi", "nahin", "nai", "nhi", "نہیں"])
        add("hua", ["hua", "hui", "huwa", "hue", "ہوا", "ہوئی", "ہوئے"])
        add("dobara", ["dobara", "dubara", "دوبارہ"])
        add("khol", ["khol", "kholo", "کھول", "کھولو"])
        add("kaise", ["kaise", "kese", "kaisay", "کیسے"])
        add("haal", ["haal", "hal", "حال"])
        add("chahiye", ["chahiye", "chahye", "chahiay", "چاہیے", "چاہئے"])
        add("daal", ["daal", "dal", "dalo", "ڈال", "ڈالو"])
        add("shamil", ["shamil", "shaamil", "شامل"])
        add("likh", ["likh", "likho", "لکھ", "لکھو"])
        add("laga", ["laga", "lagao", "لگا", "لگاؤ"])
        add("istemal", ["istemal", "istamal", "استعمال"])
        add("maine", ["maine", "mainay", "mene", "میں_نے"])
        add("aadha", ["aadha", "adha", "aadhe", "آدھا", "آدھے"])
        add("ghair", ["ghair", "gair", "غیر"])
        add("sath", ["sath", "saath", "ساتھ"])
        add("khatam", ["khatam", "khatm", "khtm", "ختم"])
        add("ne", ["ne", "نے"])
        add("koi", ["koi", "کوئی"])
        add("jaldi", ["jaldi", "jldi", "جلدی"])
        add("zyada", ["zyada", "ziyada", "zayada", "زیادہ"])
        add("tarjeeh", ["tarjeeh", "tarjih", "priority", "ترجیح"])
        // English day words inside Roman Urdu ("tomorrow subah", "next friday", "monday ko").
        add("kal", ["tomorrow", "tmrw"])
        add("aaj", ["today"])
        add("agle", ["next"])
        add("hafta", ["week"])
        add("peer", ["monday", "mon"])
        add("mangal", ["tuesday", "tue"])
        add("budh", ["wednesday", "wed"])
        add("jumeraat", ["thursday", "thu"])
        add("jumma", ["friday", "fri"])
        add("saturday", ["saturday", "sat"])
        add("itwaar", ["sunday", "sun"])
        add("yaad", ["remind"])
        add("jo", ["jo", "جو"])
        add("aakhir", ["aakhir", "akhir", "aakhar", "آخر"])
        add("kaise", ["kaisa", "kaisi", "kesa", "کیسا", "کیسی"])
        add("waqt", ["waqt", "waqat", "time", "وقت", "ٹائم"])
        add("guzar", ["guzar", "guzr", "گزر"])
        add("hisaab", ["hisaab", "hisab", "lihaaz", "lihaz", "حساب", "لحاظ"])
        add("band", ["band", "بند"])
        add("dohrana", ["dohrana", "dohraana", "repeat", "دہرانا", "دوہرانا"])
        add("shuda", ["shuda", "شدہ"])
        add("plan", ["plan", "schedule", "پلان", "شیڈول"])
        return map
    }()
}
