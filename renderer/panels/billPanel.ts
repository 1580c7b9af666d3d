import type { BillLine } from '../../sim/hostApi/api.js';

const count = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The plan's bill of quantities as a table, zone by zone and fence by fence, with a total: what the
 * plan buys as it is drawn, updated after every edit.
 */
export function showBill(box: HTMLElement, lines: readonly BillLine[], currency = ''): void {
  box.replaceChildren();
  if (lines.length === 0) {
    box.textContent = 'Nothing planned yet.';
    return;
  }
  const table = document.createElement('table');
  table.className = 'bill';
  const head = table.createTHead().insertRow();
  const unit = currency ? ` (${currency})` : '';
  for (const h of ['', 'Item', 'Quantity', `Rate${unit}`, `Cost${unit}`]) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  let total = 0;
  for (const line of lines) {
    const row = body.insertRow();
    row.dataset.item = line.item;
    row.dataset.of = line.of;
    const qty = line.unit === 'ha' || line.unit === 'ha·years' ? decimal.format(line.quantity) : count.format(line.quantity);
    const cells = [line.of, line.detail, `${qty} ${line.unit}`, line.rate === null ? '' : money.format(line.rate), line.rate === null ? '' : money.format(line.cost)];
    for (const c of cells) row.insertCell().textContent = c;
    total += line.cost;
  }
  const foot = table.createTFoot().insertRow();
  foot.insertCell().textContent = 'Total';
  foot.insertCell();
  const trees = lines.filter((l) => l.item === 'trees').reduce((a, l) => a + l.quantity, 0);
  foot.insertCell().textContent = `${count.format(trees)} trees`;
  foot.insertCell();
  const cost = foot.insertCell();
  cost.textContent = currency ? `${money.format(total)} ${currency}` : money.format(total);
  cost.dataset.total = String(total);
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent = `Costs in ${currency || "the scenario's currency"}: the plan's own rates, else the cost library's, and its fence types' rates per metre.`;
  box.append(table, note);
}
