// Dates as the user reads them: in their profile's zone (not the browser's), with weekdays.

const formatters = new Map();
function formatter(zone, options) {
  const key = zone + JSON.stringify(options);
  if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat("en-GB", { timeZone: zone, ...options }));
  return formatters.get(key);
}

/** "2026-12-01": the day an instant falls on in `zone`. */
export function dayKey(instant, zone) {
  const parts = Object.fromEntries(formatter(zone, { year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function todayKey(zone, now = Date.now()) { return dayKey(now, zone); }

/** Calendar arithmetic on "YYYY-MM-DD" (zone-free: a day is a day). */
export function addDays(key, days) {
  const [year, month, day] = key.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return date.toISOString().slice(0, 10);
}

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Tue 1 Dec" (with the year when it is not this year's). */
export function dayLabel(key, thisYear) {
  const [year, month, day] = key.split("-").map(Number);
  const weekday = weekdays[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  return `${weekday} ${day} ${months[month - 1]}${thisYear && year !== thisYear ? ` ${year}` : ""}`;
}

/** "09:00" in `zone`. */
export function timeLabel(instant, zone) {
  return formatter(zone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(instant));
}

/** The instant of a wall-clock "YYYY-MM-DDTHH:MM[:SS]" in `zone` (two passes over the
 * zone's offset, enough across a daylight-saving change). */
export function wallClockInstant(text, zone) {
  const [date, time = "00:00:00"] = text.split("T");
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute, second = 0] = time.split(":").map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const offset = (instant) => {
    const parts = Object.fromEntries(formatter(zone, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - instant;
  };
  const guess = wall - offset(wall);
  return wall - offset(guess);
}

/** A task summary's due: its day key, and the words for it, in the user's zone. A list item
 * names its due as the task resource does: a day, or a wall-clock time in the task's own
 * zone when it has one (converted here), else in the user's. */
export function summaryDue(task, zone) {
  if (!task.due) return null;
  const thisYear = Number(todayKey(zone).slice(0, 4));
  if (task.due.length <= 10) return { key: task.due, words: dayLabel(task.due, thisYear) };
  if (task.timeZone && task.timeZone !== zone) {
    const instant = wallClockInstant(task.due, task.timeZone);
    const key = dayKey(instant, zone);
    return { key, words: `${dayLabel(key, thisYear)} ${timeLabel(instant, zone)}` };
  }
  const key = task.due.slice(0, 10);
  return { key, words: `${dayLabel(key, thisYear)} ${task.due.slice(11, 16)}` };
}

const dayNames = { MO: "Monday", TU: "Tuesday", WE: "Wednesday", TH: "Thursday", FR: "Friday", SA: "Saturday", SU: "Sunday" };
const units = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year", HOURLY: "hour", MINUTELY: "minute" };

function ordinal(n) {
  if (n === -1) return "last";
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th");
  return `${n}${suffix}`;
}

/** An RRULE in words: "every 2 weeks on Monday and Thursday", "every month on the 1st". */
export function ruleWords(rrule) {
  const parts = Object.fromEntries(rrule.split(";").map((part) => part.split("=")));
  const interval = Number(parts.INTERVAL || 1);
  const unit = units[parts.FREQ] || "time";
  let words = interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;
  if (parts.BYDAY) {
    const days = parts.BYDAY.split(",").map((code) => {
      const match = code.match(/^([+-]?\d+)?([A-Z]{2})$/);
      if (!match) return code;
      return match[1] ? `the ${ordinal(Number(match[1]))} ${dayNames[match[2]]}` : dayNames[match[2]];
    });
    if (parts.FREQ === "WEEKLY" && parts.BYDAY === "MO,TU,WE,TH,FR") words = interval === 1 ? "every weekday" : `${words} on weekdays`;
    else words += ` on ${days.length > 1 ? `${days.slice(0, -1).join(", ")} and ${days.at(-1)}` : days[0]}`;
  }
  if (parts.BYMONTHDAY) words += ` on the ${parts.BYMONTHDAY.split(",").map((day) => ordinal(Number(day))).join(" and ")}`;
  if (parts.COUNT) words += `, ${parts.COUNT} times`;
  if (parts.UNTIL) words += `, until ${parts.UNTIL.slice(0, 4)}-${parts.UNTIL.slice(4, 6)}-${parts.UNTIL.slice(6, 8)}`;
  return words;
}
