/// City names and abbreviations people attach to a time ("9am Tokyo time", "4pm PST") → IANA.
enum TimeZoneNames {
    /// Cities, by their words as typed (lowercased), most one word, some two or three.
    static let cities: [String: String] = [
        "tokyo": "Asia/Tokyo", "osaka": "Asia/Tokyo", "japan": "Asia/Tokyo", "seoul": "Asia/Seoul", "korea": "Asia/Seoul",
        "beijing": "Asia/Shanghai", "shanghai": "Asia/Shanghai", "china": "Asia/Shanghai", "hong kong": "Asia/Hong_Kong",
        "taipei": "Asia/Taipei", "singapore": "Asia/Singapore", "manila": "Asia/Manila", "jakarta": "Asia/Jakarta",
        "bangkok": "Asia/Bangkok", "kuala lumpur": "Asia/Kuala_Lumpur", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata",
        "mumbai": "Asia/Kolkata", "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "kolkata": "Asia/Kolkata",
        "chennai": "Asia/Kolkata", "hyderabad": "Asia/Kolkata", "pune": "Asia/Kolkata", "india": "Asia/Kolkata",
        "karachi": "Asia/Karachi", "dubai": "Asia/Dubai", "abu dhabi": "Asia/Dubai", "riyadh": "Asia/Riyadh",
        "tel aviv": "Asia/Jerusalem", "jerusalem": "Asia/Jerusalem", "istanbul": "Europe/Istanbul",
        "moscow": "Europe/Moscow", "kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv", "athens": "Europe/Athens",
        "helsinki": "Europe/Helsinki", "cairo": "Africa/Cairo", "johannesburg": "Africa/Johannesburg",
        "cape town": "Africa/Johannesburg", "nairobi": "Africa/Nairobi", "lagos": "Africa/Lagos",
        "berlin": "Europe/Berlin", "munich": "Europe/Berlin", "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin",
        "germany": "Europe/Berlin", "vienna": "Europe/Vienna", "zurich": "Europe/Zurich", "geneva": "Europe/Zurich",
        "paris": "Europe/Paris", "france": "Europe/Paris", "amsterdam": "Europe/Amsterdam", "brussels": "Europe/Brussels",
        "madrid": "Europe/Madrid", "barcelona": "Europe/Madrid", "rome": "Europe/Rome", "milan": "Europe/Rome",
        "stockholm": "Europe/Stockholm", "oslo": "Europe/Oslo", "copenhagen": "Europe/Copenhagen", "warsaw": "Europe/Warsaw",
        "prague": "Europe/Prague", "budapest": "Europe/Budapest", "lisbon": "Europe/Lisbon", "dublin": "Europe/Dublin",
        "london": "Europe/London", "uk": "Europe/London", "edinburgh": "Europe/London", "manchester": "Europe/London",
        "reykjavik": "Atlantic/Reykjavik", "sao paulo": "America/Sao_Paulo", "são paulo": "America/Sao_Paulo",
        "rio": "America/Sao_Paulo", "buenos aires": "America/Argentina/Buenos_Aires", "santiago": "America/Santiago",
        "bogota": "America/Bogota", "lima": "America/Lima", "mexico city": "America/Mexico_City",
        "new york": "America/New_York", "nyc": "America/New_York", "boston": "America/New_York",
        "washington": "America/New_York", "miami": "America/New_York", "atlanta": "America/New_York",
        "toronto": "America/Toronto", "montreal": "America/Toronto", "chicago": "America/Chicago", "dallas": "America/Chicago",
        "houston": "America/Chicago", "austin": "America/Chicago", "denver": "America/Denver", "phoenix": "America/Phoenix",
        "los angeles": "America/Los_Angeles", "la": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
        "sf": "America/Los_Angeles", "seattle": "America/Los_Angeles", "vancouver": "America/Vancouver",
        "portland": "America/Los_Angeles", "silicon valley": "America/Los_Angeles", "pacific": "America/Los_Angeles",
        "eastern": "America/New_York", "central": "America/Chicago", "mountain": "America/Denver",
        "anchorage": "America/Anchorage", "honolulu": "Pacific/Honolulu", "hawaii": "Pacific/Honolulu",
        "sydney": "Australia/Sydney", "melbourne": "Australia/Melbourne", "brisbane": "Australia/Brisbane",
        "perth": "Australia/Perth", "adelaide": "Australia/Adelaide", "auckland": "Pacific/Auckland",
        "wellington": "Pacific/Auckland", "utc": "UTC", "gmt": "UTC", "zulu": "UTC",
    ]

    /// Abbreviations, read as the place's zone all year (so "CET" in July is Berlin summer
    /// time: people name the place, not the offset). IST is India's.
    static let abbreviations: [String: String] = [
        "utc": "UTC", "gmt": "UTC", "z": "UTC",
        "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles",
        "mst": "America/Denver", "mdt": "America/Denver", "mt": "America/Denver",
        "cst": "America/Chicago", "cdt": "America/Chicago", "ct": "America/Chicago",
        "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York",
        "bst": "Europe/London", "wet": "Europe/Lisbon", "cet": "Europe/Berlin", "cest": "Europe/Berlin",
        "eet": "Europe/Athens", "eest": "Europe/Athens", "msk": "Europe/Moscow", "ist": "Asia/Kolkata",
        "sgt": "Asia/Singapore", "hkt": "Asia/Hong_Kong", "jst": "Asia/Tokyo", "kst": "Asia/Seoul",
        "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "aet": "Australia/Sydney", "awst": "Australia/Perth",
        "nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland",
    ]

    /// "Tokyo time", "in New York time", "London time", "(PST)", "PST", "UTC": the zone and the
    /// index after the phrase. `afterTime` says whether a clock time just precedes, which an
    /// abbreviation on its own needs (so "ET" or "LA" elsewhere stay words).
    static func match(_ tokens: [Token], _ i: Int, afterTime: Bool) -> (String, Int)? {
        var k = i
        if k < tokens.count, tokens[k].isAny(["in", "("]) || (tokens[k].isPunct && tokens[k].norm == "(") { k += 1 }
        guard k < tokens.count, tokens[k].isWord else { return nil }
        // Multi-word cities first: "new york time", "los angeles time".
        for length in stride(from: 3, through: 1, by: -1) where k + length <= tokens.count {
            let words = tokens[k..<(k + length)]
            guard words.allSatisfy({ $0.isWord }) else { continue }
            let name = words.map(\.norm).joined(separator: " ")
            if let zone = cities[name], k + length < tokens.count, tokens[k + length].isAny(["time", "tz"]) {
                var end = k + length + 1
                if end < tokens.count, tokens[end].isPunct, tokens[end].norm == ")" { end += 1 }
                return (zone, end)
            }
        }
        if let zone = abbreviations[tokens[k].norm], tokens[k].text != tokens[k].norm || tokens[k].norm == "utc" || tokens[k].norm == "gmt" {
            // Abbreviations must be typed in capitals (or be UTC/GMT) and follow a time.
            guard afterTime || (k + 1 < tokens.count && tokens[k + 1].is("time")) else { return nil }
            var end = k + 1
            if end < tokens.count, tokens[end].is("time") { end += 1 }
            if end < tokens.count, tokens[end].isPunct, tokens[end].norm == ")" { end += 1 }
            return (zone, end)
        }
        return nil
    }
}
