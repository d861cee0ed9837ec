// The reference desk by keyboard. Intake: while the question is typed the likely acts and
// the requests answered before are fetched (after a pause in typing); Alt+1 … Alt+5 ticks
// the Nth act to cite; Ctrl+Enter saves and opens a fresh form, Alt+Enter saves and opens
// the request. Request page: Alt+1 … Alt+5 cites the Nth suggested act, Ctrl+Enter in the
// answer saves it as answered, Alt+P opens the answer sheet. Keys by their place
// (event.code), so they work in the Russian layout. Without a script every action is a
// button or a link, and «Find acts» asks the server for the suggestions.
"use strict";

const intake = document.getElementById("intake");
const question = document.getElementById("question");
const actsList = document.getElementById("suggested-acts");
const similarList = document.getElementById("similar-requests");
const PAUSE = 350;

function item(parent, text) {
  const li = document.createElement("li");
  if (text) {
    li.textContent = text;
  }
  parent.appendChild(li);
  return li;
}

function showActs(acts) {
  const ticked = new Set(
    Array.from(actsList.querySelectorAll("input[name=cite]:checked")).map((box) => box.value),
  );
  // A ticked act stays in the list, even when the question no longer finds it.
  const kept = Array.from(actsList.querySelectorAll("li")).filter((li) =>
    li.querySelector("input[name=cite]:checked"),
  );
  actsList.replaceChildren(...kept);
  for (const act of acts) {
    if (ticked.has(String(act.id))) {
      continue;
    }
    const li = item(actsList, "");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = "cite";
    box.value = String(act.id);
    label.appendChild(box);
    label.appendChild(document.createTextNode(` ${act.heading} — ${act.title}`));
    li.appendChild(label);
  }
  actsList.querySelectorAll("li").forEach((li, n) => {
    const old = li.querySelector("kbd");
    if (old) {
      old.remove();
    }
    if (n < 5) {
      const kbd = document.createElement("kbd");
      kbd.textContent = `Alt+${n + 1}`;
      li.querySelector("label")?.insertBefore(kbd, li.querySelector("label").childNodes[1]);
    }
  });
}

function showSimilar(requests) {
  similarList.replaceChildren();
  for (const request of requests) {
    const li = item(similarList, "");
    const link = document.createElement("a");
    link.href = `/staff/desk/requests/${request.id}`;
    link.textContent = request.code;
    li.appendChild(link);
    li.appendChild(document.createTextNode(`: ${request.question}`));
  }
}

if (intake && question instanceof HTMLTextAreaElement && actsList && similarList) {
  let timer = 0;
  let asked = "";
  let latest = 0;
  const suggest = async () => {
    const text = question.value.trim();
    if (text === asked) {
      return;
    }
    asked = text;
    const mine = ++latest;
    const url = `${intake.dataset.suggest}?q=${encodeURIComponent(text.slice(0, 500))}`;
    try {
      const answer = await fetch(url, { headers: { Accept: "application/json" } });
      if (!answer.ok || mine !== latest) {
        return; // a later question's answer is on its way
      }
      const found = await answer.json();
      showActs(found.acts);
      showSimilar(found.requests);
      intake.dataset.suggested = text;
    } catch {
      // No suggestions this time: the form works without them.
    }
  };
  question.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, PAUSE);
  });
  if (question.value.trim()) {
    suggest();
  }
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    const inAnswer = event.target instanceof Element && event.target.closest("#answer-form");
    const target = inAnswer
      ? document.getElementById("save-answered") || document.getElementById("save-answer")
      : document.getElementById("save-next");
    if (target) {
      event.preventDefault();
      target.click();
    }
    return;
  }
  if (!event.altKey || event.ctrlKey || event.metaKey) {
    return;
  }
  if (event.key === "Enter" || event.code === "Enter") {
    const open = document.getElementById("save-open");
    if (open) {
      event.preventDefault();
      open.click();
    }
    return;
  }
  if (event.code === "KeyP") {
    const sheet = document.getElementById("print-sheet");
    if (sheet instanceof HTMLAnchorElement) {
      event.preventDefault();
      sheet.click();
    }
    return;
  }
  const digit = /^Digit([1-5])$/.exec(event.code);
  if (digit && actsList) {
    const n = Number(digit[1]) - 1;
    const rows = actsList.querySelectorAll("li");
    const row = rows[n];
    if (!row) {
      return;
    }
    event.preventDefault();
    const box = row.querySelector("input[name=cite]");
    if (box instanceof HTMLInputElement) {
      box.checked = !box.checked;
      return;
    }
    row.querySelector("button.cite")?.click();
  }
});
