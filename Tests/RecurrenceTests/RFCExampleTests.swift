import Foundation
import Testing
import Recurrence

/// The recurrence examples of RFC 5545 §3.8.5.3 (DTSTART;TZID=America/New_York, 09:00), with
/// the occurrences the RFC lists. HOURLY/MINUTELY examples are left out: those are refused.
@Suite struct RFCExampleTests {
    @Test func dailyForTenOccurrences() throws {
        #expect(try days("FREQ=DAILY;COUNT=10", from: "1997-09-02T09:00:00") == dates(1997, 9, Array(2...11)))
    }

    @Test func dailyUntilDecember24KeepsNineOClockAcrossTheDSTChange() throws {
        let occurrences = try expand("FREQ=DAILY;UNTIL=19971224T000000Z", from: "1997-09-02T09:00:00", count: 500)
        #expect(occurrences.count == 113)
        #expect(occurrences.first == "1997-09-02T09:00:00-04:00")
        #expect(occurrences.contains("1997-10-25T09:00:00-04:00"))
        #expect(occurrences.contains("1997-10-26T09:00:00-05:00"))
        #expect(occurrences.last == "1997-12-23T09:00:00-05:00")
        #expect(occurrences.allSatisfy { $0.dropFirst(11).hasPrefix("09:00:00") })
    }

    @Test func everyOtherDayAndEveryTenDays() throws {
        #expect(try days("FREQ=DAILY;INTERVAL=2", from: "1997-09-02T09:00:00", count: 5) == dates(1997, 9, [2, 4, 6, 8, 10]))
        #expect(try days("FREQ=DAILY;INTERVAL=10;COUNT=5", from: "1997-09-02T09:00:00") == dates(1997, 9, [2, 12, 22]) + dates(1997, 10, [2, 12]))
    }

    @Test func everyDayInJanuaryForThreeYearsTwoWays() throws {
        let yearly = try days("FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA", from: "1998-01-01T09:00:00")
        let daily = try days("FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1", from: "1998-01-01T09:00:00")
        let expected = [1998, 1999, 2000].flatMap { dates($0, 1, Array(1...31)) }
        #expect(yearly == expected)
        #expect(daily == expected)
    }

    @Test func weekly() throws {
        #expect(try days("FREQ=WEEKLY;COUNT=10", from: "1997-09-02T09:00:00")
            == dates(1997, 9, [2, 9, 16, 23, 30]) + dates(1997, 10, [7, 14, 21, 28]) + dates(1997, 11, [4]))
        let untilDecember = try days("FREQ=WEEKLY;UNTIL=19971224T000000Z", from: "1997-09-02T09:00:00")
        #expect(untilDecember.count == 17)
        #expect(untilDecember.last == "1997-12-23")
        #expect(try days("FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH", from: "1997-09-02T09:00:00")
            == dates(1997, 9, [2, 4, 9, 11, 16, 18, 23, 25, 30]) + dates(1997, 10, [2]))
        #expect(try days("FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", from: "1997-09-02T09:00:00")
            == dates(1997, 9, [2, 4, 16, 18, 30]) + dates(1997, 10, [2, 14, 16]))
    }

    @Test func everyOtherWeekOnMondayWednesdayFridayUntilDecember24() throws {
        #expect(try days("FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR", from: "1997-09-01T09:00:00")
            == dates(1997, 9, [1, 3, 5, 15, 17, 19, 29]) + dates(1997, 10, [1, 3, 13, 15, 17, 27, 29, 31])
            + dates(1997, 11, [10, 12, 14, 24, 26, 28]) + dates(1997, 12, [8, 10, 12, 22]))
    }

    @Test func weekStartChangesWhichWeekADayBelongsTo() throws {
        #expect(try days("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", from: "1997-08-05T09:00:00") == dates(1997, 8, [5, 10, 19, 24]))
        #expect(try days("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", from: "1997-08-05T09:00:00") == dates(1997, 8, [5, 17, 19, 31]))
    }

    @Test func monthlyByOrdinalWeekday() throws {
        #expect(try days("FREQ=MONTHLY;COUNT=10;BYDAY=1FR", from: "1997-09-05T09:00:00")
            == dates(1997, 9, [5]) + dates(1997, 10, [3]) + dates(1997, 11, [7]) + dates(1997, 12, [5]) + dates(1998, 1, [2])
            + dates(1998, 2, [6]) + dates(1998, 3, [6]) + dates(1998, 4, [3]) + dates(1998, 5, [1]) + dates(1998, 6, [5]))
        #expect(try days("FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", from: "1997-09-07T09:00:00")
            == dates(1997, 9, [7, 28]) + dates(1997, 11, [2, 30]) + dates(1998, 1, [4, 25]) + dates(1998, 3, [1, 29]) + dates(1998, 5, [3, 31]))
        #expect(try days("FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", from: "1997-09-22T09:00:00")
            == dates(1997, 9, [22]) + dates(1997, 10, [20]) + dates(1997, 11, [17]) + dates(1997, 12, [22]) + dates(1998, 1, [19]) + dates(1998, 2, [16]))
        #expect(try days("FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", from: "1997-09-02T09:00:00", count: 18)
            == dates(1997, 9, [2, 9, 16, 23, 30]) + dates(1997, 11, [4, 11, 18, 25]) + dates(1998, 1, [6, 13, 20, 27]) + dates(1998, 3, [3, 10, 17, 24, 31]))
    }

    @Test func monthlyByMonthDay() throws {
        #expect(try days("FREQ=MONTHLY;BYMONTHDAY=-3", from: "1997-09-28T09:00:00", count: 6)
            == dates(1997, 9, [28]) + dates(1997, 10, [29]) + dates(1997, 11, [28]) + dates(1997, 12, [29]) + dates(1998, 1, [29]) + dates(1998, 2, [26]))
        #expect(try days("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", from: "1997-09-02T09:00:00")
            == dates(1997, 9, [2, 15]) + dates(1997, 10, [2, 15]) + dates(1997, 11, [2, 15]) + dates(1997, 12, [2, 15]) + dates(1998, 1, [2, 15]))
        #expect(try days("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", from: "1997-09-30T09:00:00")
            == dates(1997, 9, [30]) + dates(1997, 10, [1, 31]) + dates(1997, 11, [1, 30]) + dates(1997, 12, [1, 31]) + dates(1998, 1, [1, 31]) + dates(1998, 2, [1]))
        #expect(try days("FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15", from: "1997-09-10T09:00:00")
            == dates(1997, 9, Array(10...15)) + dates(1999, 3, Array(10...13)))
    }

    @Test func invalidDatesAreSkippedAndNotCounted() throws {
        #expect(try days("FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", from: "2007-01-15T09:00:00")
            == dates(2007, 1, [15, 30]) + dates(2007, 2, [15]) + dates(2007, 3, [15, 30]))
    }

    @Test func yearlyByMonthAndYearDay() throws {
        #expect(try days("FREQ=YEARLY;COUNT=10;BYMONTH=6,7", from: "1997-06-10T09:00:00")
            == (1997...2001).flatMap { dates($0, 6, [10]) + dates($0, 7, [10]) })
        #expect(try days("FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3", from: "1997-03-10T09:00:00")
            == dates(1997, 3, [10]) + [1999, 2001, 2003].flatMap { year in (1...3).flatMap { dates(year, $0, [10]) } })
        #expect(try days("FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200", from: "1997-01-01T09:00:00")
            == ["1997-01-01", "1997-04-10", "1997-07-19", "2000-01-01", "2000-04-09", "2000-07-18",
                "2003-01-01", "2003-04-10", "2003-07-19", "2006-01-01"])
    }

    @Test func yearlyByWeekdayOrdinalAndWeekNumber() throws {
        #expect(try days("FREQ=YEARLY;BYDAY=20MO", from: "1997-05-19T09:00:00", count: 3) == ["1997-05-19", "1998-05-18", "1999-05-17"])
        #expect(try days("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", from: "1997-05-12T09:00:00", count: 3) == ["1997-05-12", "1998-05-11", "1999-05-17"])
        #expect(try days("FREQ=YEARLY;BYMONTH=3;BYDAY=TH", from: "1997-03-13T09:00:00", count: 11)
            == dates(1997, 3, [13, 20, 27]) + dates(1998, 3, [5, 12, 19, 26]) + dates(1999, 3, [4, 11, 18, 25]))
        #expect(try days("FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8", from: "1997-06-05T09:00:00", count: 39)
            == dates(1997, 6, [5, 12, 19, 26]) + dates(1997, 7, [3, 10, 17, 24, 31]) + dates(1997, 8, [7, 14, 21, 28])
            + dates(1998, 6, [4, 11, 18, 25]) + dates(1998, 7, [2, 9, 16, 23, 30]) + dates(1998, 8, [6, 13, 20, 27])
            + dates(1999, 6, [3, 10, 17, 24]) + dates(1999, 7, [1, 8, 15, 22, 29]) + dates(1999, 8, [5, 12, 19, 26]))
    }

    @Test func fridayThe13thWithDTSTARTExcluded() throws {
        #expect(try days("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", from: "1997-09-02T09:00:00", count: 5, exdates: ["1997-09-02T09:00:00"])
            == ["1998-02-13", "1998-03-13", "1998-11-13", "1999-08-13", "2000-10-13"])
    }

    @Test func firstSaturdayAfterFirstSundayAndElectionDay() throws {
        #expect(try days("FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", from: "1997-09-13T09:00:00", count: 10)
            == ["1997-09-13", "1997-10-11", "1997-11-08", "1997-12-13", "1998-01-10", "1998-02-07", "1998-03-07", "1998-04-11", "1998-05-09", "1998-06-13"])
        #expect(try days("FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8", from: "1996-11-05T09:00:00", count: 3)
            == ["1996-11-05", "2000-11-07", "2004-11-02"])
    }

    @Test func bySetPos() throws {
        #expect(try days("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", from: "1997-09-04T09:00:00") == ["1997-09-04", "1997-10-07", "1997-11-06"])
        #expect(try days("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", from: "1997-09-29T09:00:00", count: 7)
            == ["1997-09-29", "1997-10-30", "1997-11-27", "1997-12-30", "1998-01-29", "1998-02-26", "1998-03-30"])
    }
}
