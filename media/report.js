// The workspace cost report page. It draws the view model the extension posts
// (src/core/report/viewModel.ts) and sends back `ready`, `open` and `export` messages.
// Everything is built with createElement/textContent: file names and model ids come from the
// workspace and must never be parsed as HTML.
/* global acquireVsCodeApi */
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();
  const root = document.getElementById('report');

  /**
   * Columns of the sites table. `value` is what sorting compares; null (unpriced) always sorts
   * last. Numeric columns start descending: the most expensive first is what a reader looks for.
   */
  const COLUMNS = [
    { key: 'site', title: 'site', numeric: false, value: (row) => row.file, tie: (a, b) => a.line - b.line },
    { key: 'model', title: 'model', numeric: false, value: (row) => row.model },
    { key: 'tokens', title: 'input tokens', numeric: true, value: (row) => row.tokens },
    { key: 'perCall', title: '$/call', numeric: true, value: (row) => row.perCall },
    { key: 'monthly', title: '$/month', numeric: true, value: (row) => row.monthly },
    { key: 'calls', title: 'calls/month', numeric: true, value: (row) => row.monthlyCalls },
    { key: 'savings', title: 'savings', numeric: true, value: (row) => row.savings },
  ];
  const DIRECTION_NAMES = { asc: 'ascending', desc: 'descending' };
  /** The "vs main" column, when the report is compared with a base branch: the signed change, unpriced last. */
  const CHANGE_COLUMN = { key: 'vsBase', title: 'vs base', numeric: true, value: (row) => (row.vsBase ? row.vsBase.diffMonthly : null) };

  /** The columns of this report: the change against the base joins them when there is a base. */
  function columns() {
    if (!model || !model.changes) return COLUMNS;
    return [...COLUMNS, { ...CHANGE_COLUMN, title: `vs ${model.changes.label}` }];
  }

  // The page is rebuilt each time the panel is shown again; the chosen sort and filters survive in the state.
  const saved = vscode.getState() || {};
  let sort =
    [...COLUMNS, CHANGE_COLUMN].some((c) => c.key === saved.sortKey) && (saved.sortDir === 'asc' || saved.sortDir === 'desc')
      ? { key: saved.sortKey, dir: saved.sortDir }
      : { key: 'monthly', dir: 'desc' };
  /** '' shows every rule or severity; a filter naming one the new report lacks shows all again. */
  let filter = { rule: typeof saved.rule === 'string' ? saved.rule : '', severity: typeof saved.severity === 'string' ? saved.severity : '' };
  let model = null;
  let sitesTable = null;

  function saveState() {
    vscode.setState({ sortKey: sort.key, sortDir: sort.dir, rule: filter.rule, severity: filter.severity });
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'report' && message.model && Array.isArray(message.model.rows) && Array.isArray(message.model.opportunities)) {
      model = message.model;
      render();
    }
  });
  vscode.postMessage({ type: 'ready' });

  // ---- building blocks ----------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function section(id, title) {
    const node = el('section', 'block');
    node.setAttribute('aria-labelledby', id);
    const heading = el('h2', undefined, title);
    heading.id = id;
    node.append(heading);
    return node;
  }

  /**
   * A site as the report names it: its readable name, a link that opens it, over its `file:line` in
   * smaller type. The path gives way from the middle (its folders shrink to an ellipsis first) so
   * the file name and line stay readable at any width; the whole path is in the tooltip.
   */
  function siteLabel(target, name) {
    const label = el('span', 'site-label');
    label.append(siteLink(target, name || target.site), sitePath(target.site));
    return label;
  }

  /** `src/supportBot/draftReply.ts:12` as its folders and its file name, the folders truncated first. */
  function sitePath(text) {
    const path = el('span', 'site-path');
    path.title = text;
    const slash = text.lastIndexOf('/');
    if (slash >= 0) path.append(el('span', 'path-dir', text.slice(0, slash + 1)));
    path.append(el('span', 'path-base', text.slice(slash + 1)));
    return path;
  }

  /** A focusable link that opens a site in the editor. */
  function siteLink(target, text) {
    const link = el('a', 'site-link', text);
    link.href = '#';
    link.title = `Open ${target.file} at line ${target.line}`;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      // The webview host treats a click on href="#" as "scroll to top"; this click is ours alone.
      event.stopPropagation();
      vscode.postMessage({ type: 'open', file: target.file, line: target.line, character: target.character });
    });
    return link;
  }

  function plural(count, one, many) {
    return `${count} ${count === 1 ? one : many}`;
  }

  // ---- the page -----------------------------------------------------------------------------

  function render() {
    root.replaceChildren(header(), ...notices());
    const tasks = Array.isArray(model.tasks) ? model.tasks : [];
    if (model.rows.length === 0) {
      root.append(el('p', 'empty', 'No prompt files or LLM calls were found in this workspace.'));
    } else {
      root.append(chart());
    }
    if (model.changes) root.append(changesSection(model.changes));
    if (tasks.length > 0) root.append(tasksSection(tasks));
    if (model.rows.length > 0) {
      const findings = Array.isArray(model.findings) ? model.findings : [];
      if (model.opportunities.length > 0 || findings.length > 0) root.append(filtersSection());
      if (model.opportunities.length > 0) root.append(savingsSection());
      if (findings.length > 0) root.append(findingsSection(findings));
      root.append(sitesSection(), groupsSection());
      applyFilters();
    }
    if (model.skipped.length > 0) root.append(skippedSection());
    root.append(el('p', 'footnote', model.footnote));
  }

  function header() {
    const { totals } = model;
    const node = el('header', 'summary');
    node.id = 'report-totals';
    const heading = el('h1', undefined, 'Workspace estimate');
    const total = el('p', 'total');
    total.append(el('span', 'amount', totals.monthlyText), el('span', 'unit', ' / month'));
    const facts = el('p', 'facts');
    facts.append(el('span', undefined, `${totals.sitesText} ${totals.sites === 1 ? 'site' : 'sites'}`));
    if (totals.unpricedSites > 0) facts.append(el('span', 'warning', `${totals.unpricedSites} unpriced`));
    facts.append(el('span', undefined, `prices as of ${model.pricesAsOf}`));
    if (totals.monthlySavings > 0) facts.append(el('span', 'savings', `up to ${totals.savingsText}/month to save`));
    // The change against the base branch, beside the total it changes; the Changes section says where.
    if (model.changes) {
      const delta = el('span', 'delta');
      const link = el('a', undefined, `${model.changes.headline} vs ${model.changes.label}`);
      link.href = '#changes-heading';
      delta.append(link);
      facts.append(delta);
    }
    node.append(heading, total, facts);
    if (totals.unpricedSites > 0) {
      node.append(
        el(
          'p',
          'unpriced-note',
          `${plural(totals.unpricedSites, 'site is', 'sites are')} unpriced: no price is known for ${totals.unpricedSites === 1 ? 'its model' : 'their models'}, ` +
            'so the total above does not include them.',
        ),
      );
    }
    node.append(exportButtons());
    return node;
  }

  function exportButtons() {
    const bar = el('div', 'exports');
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', 'Export the report');
    for (const [format, label] of [
      ['json', 'Export JSON'],
      ['csv', 'Export CSV'],
      ['markdown', 'Export Markdown'],
    ]) {
      const button = el('button', 'export', label);
      button.type = 'button';
      button.addEventListener('click', () => vscode.postMessage({ type: 'export', format }));
      bar.append(button);
    }
    return bar;
  }

  function notices() {
    const out = [];
    if (model.cancelled) {
      const note = el('p', 'notice', 'The scan was cancelled: this report covers only the files scanned until then.');
      note.setAttribute('role', 'status');
      out.push(note);
    }
    return out;
  }

  function chart() {
    const node = section('chart-heading', 'Most expensive sites');
    if (model.topSites.length === 0) {
      node.append(el('p', 'empty', 'No site could be priced.'));
      return node;
    }
    const list = el('ol', 'chart');
    for (const bar of model.topSites) {
      const item = el('li', 'bar-row');
      const label = el('span', 'bar-label');
      label.append(siteLabel(bar, bar.name), el('span', 'bar-model', bar.model));
      const track = el('span', 'bar-track');
      // The value next to the bar says the same in text; the bar itself is decoration.
      track.setAttribute('aria-hidden', 'true');
      const fill = el('span', 'bar-fill');
      // Setting the property through the CSSOM is allowed by the CSP; a style attribute is not.
      fill.style.width = `${Math.max(0, Math.min(1, bar.fraction)) * 100}%`;
      track.append(fill);
      item.append(label, track, el('span', 'bar-value', `${bar.monthlyText}/month`));
      list.append(item);
    }
    node.append(list);
    return node;
  }

  // ---- tasks --------------------------------------------------------------------------------

  /** How many colours the segments of a task's bar cycle through (.segment-0 … in report.css). */
  const SEGMENT_COLOURS = 5;

  /**
   * The tasks: per task its figures (the CLI's strings), a bar of its priced steps' shares of one
   * pass, and its steps, costliest first. Each entry and step opens its place in the file.
   */
  function tasksSection(tasks) {
    const node = section('tasks-heading', `Tasks (${tasks.length})`);
    node.append(el('p', 'muted tasks-note', model.tasksNote));
    const list = el('ol', 'tasks');
    tasks.forEach((task, index) => list.append(taskItem(task, index)));
    node.append(list);
    return node;
  }

  function taskItem(task, index) {
    const item = el('li', 'task');
    const head = el('div', 'task-head');
    const name = el('h3', 'task-name', task.name);
    name.id = `task-${index}`;
    item.setAttribute('aria-labelledby', name.id);
    head.append(name, siteLink(task, task.entry));
    item.append(head, taskFacts(task));
    if (task.problem) {
      item.append(el('p', 'task-problem', task.problem));
      return item;
    }
    const bar = taskBar(task);
    if (bar) item.append(bar);
    if (task.steps.length > 0) item.append(taskSteps(task));
    return item;
  }

  /** `$0.016/task · 300 tasks/day · $4.86/day · $145.92/month · 4 LLM calls · 2 models`, in the CLI's strings. */
  function taskFacts(task) {
    const facts = el('p', 'task-facts');
    const fact = (value, unit, muted, note) => {
      const span = el('span', muted ? 'muted' : undefined);
      // `$4.86/day` reads as one figure; a count takes a space before its unit.
      span.append(el('span', 'task-value', value), document.createTextNode(`${unit.startsWith('/') ? '' : ' '}${unit}${note ? ` ${note}` : ''}`));
      return span;
    };
    // `4 (assumed loops)`: the count, then the unit, then the note.
    const [calls, ...callsNote] = task.callsText.split(' ');
    const models = fact(task.modelsText, task.models.length === 1 ? 'model' : 'models', false);
    if (task.models.length > 0) models.title = task.models.join(', ');
    // A task promptcost.yaml gives no volume has no day or month: say how to give it one instead of three dashes.
    const volume = task.configured
      ? [
          fact(task.perDayText, 'tasks/day', false),
          fact(task.costPerDayText, '/day', task.monthly === null),
          fact(task.monthlyText, '/month', task.monthly === null),
        ]
      : [el('span', 'muted', 'no volume: name it under tasks: in promptcost.yaml')];
    facts.append(
      fact(task.perTaskText, '/task', task.costPerTask === null),
      ...volume,
      fact(calls, calls === '1' ? 'LLM call' : 'LLM calls', false, callsNote.join(' ')),
      models,
    );
    return facts;
  }

  /** One segment per priced step, as wide as its share; the step table under it says the same in text. */
  function taskBar(task) {
    const priced = task.steps.filter((step) => step.share !== null && step.share > 0);
    if (priced.length === 0) return null;
    const bar = el('div', 'task-bar');
    bar.setAttribute('aria-hidden', 'true');
    priced.forEach((step, index) => {
      const segment = el('span', `task-segment segment-${index % SEGMENT_COLOURS}`);
      // Setting the property through the CSSOM is allowed by the CSP; a style attribute is not.
      segment.style.width = `${Math.max(0, Math.min(1, step.share)) * 100}%`;
      segment.title = `${step.shareText}: ${step.site}, ${step.model}, ${step.callsText}, ${step.costText}/task`;
      bar.append(segment);
    });
    return bar;
  }

  function taskSteps(task) {
    const wrap = el('div', 'table-wrap');
    const table = el('table', 'task-steps');
    table.append(el('caption', 'visually-hidden', `Steps of ${task.name}, costliest first`));
    const head = headerRow([
      ['share', true],
      ['site', false],
      ['model', false],
      ['calls/task', true],
      ['$/task', true],
    ]);
    const body = el('tbody');
    let pricedIndex = 0;
    for (const step of task.steps) {
      const priced = step.share !== null && step.share > 0;
      const tr = el('tr', step.share === null ? 'unpriced' : undefined);
      const share = el('td', step.share === null ? 'num muted' : 'num');
      if (priced) {
        // The swatch matches the step's segment in the bar above.
        const swatch = el('span', `swatch segment-${pricedIndex % SEGMENT_COLOURS}`);
        swatch.setAttribute('aria-hidden', 'true');
        share.append(swatch);
        pricedIndex += 1;
      }
      share.append(document.createTextNode(step.shareText));
      const site = el('td', 'site');
      site.append(siteLabel(step, step.name));
      tr.append(share, site, el('td', 'model', step.model), cell(step.callsText), cell(step.costText, undefined, step.share === null));
      labelCells(tr, ['share', undefined, 'model', 'calls/task', '$/task']);
      body.append(tr);
    }
    table.append(head, body);
    wrap.append(table);
    return wrap;
  }

  // ---- findings: savings by rule, the other findings, the filters over both -----------------

  /** A rule filter and a severity filter over the savings and the findings; they only show and hide. */
  function filtersSection() {
    const node = el('section', 'block filters');
    node.id = 'report-filters';
    node.setAttribute('aria-label', 'Filter the findings');
    const filters = model.filters || { rules: [], severities: [] };
    if (!filters.rules.some((r) => r.rule === filter.rule)) filter.rule = '';
    if (!filters.severities.some((s) => s.severity === filter.severity)) filter.severity = '';
    node.append(
      filterSelect(
        'filter-rule',
        'Rule',
        'All rules',
        filters.rules.map((r) => [r.rule, `${r.rule} (${r.count})`]),
        'rule',
      ),
      filterSelect(
        'filter-severity',
        'Severity',
        'All severities',
        filters.severities.map((s) => [s.severity, `${s.severity} (${s.count})`]),
        'severity',
      ),
    );
    const status = el('p', 'filter-status muted');
    status.id = 'filter-status';
    // Says how many findings the filters leave, as they change.
    status.setAttribute('aria-live', 'polite');
    node.append(status);
    return node;
  }

  function filterSelect(id, labelText, allText, options, key) {
    const wrap = el('span', 'filter');
    const label = el('label', undefined, labelText);
    label.htmlFor = id;
    const select = el('select');
    select.id = id;
    for (const [value, text] of [['', allText], ...options]) {
      const option = el('option', undefined, text);
      option.value = value;
      select.append(option);
    }
    select.value = filter[key];
    select.addEventListener('change', () => {
      filter = { ...filter, [key]: select.value };
      saveState();
      applyFilters();
    });
    wrap.append(label, select);
    return wrap;
  }

  function matches(node) {
    return (!filter.rule || node.dataset.rule === filter.rule) && (!filter.severity || node.dataset.severity === filter.severity);
  }

  /** Shows the findings both filters let through, the rule groups that still have one, and says how many. */
  function applyFilters() {
    let shown = 0;
    let total = 0;
    for (const item of root.querySelectorAll('.rule-site, .finding')) {
      const visible = matches(item);
      item.hidden = !visible;
      total += 1;
      if (visible) shown += 1;
    }
    for (const group of root.querySelectorAll('.rule-group')) {
      const visible = group.querySelectorAll('.rule-site:not([hidden])').length;
      group.hidden = visible === 0;
      const count = group.querySelector('.rule-shown');
      if (count) count.textContent = visible < Number(group.dataset.count) ? `${visible} of ${group.dataset.count} shown` : '';
    }
    for (const [sectionId, itemClass] of [
      ['savings-by-rule', 'rule-site'],
      ['findings', 'finding'],
    ]) {
      const node = document.getElementById(sectionId);
      const none = node && node.querySelector('.filter-empty');
      if (none) none.hidden = node.querySelectorAll(`.${itemClass}:not([hidden])`).length > 0;
    }
    const status = document.getElementById('filter-status');
    if (status) status.textContent = filter.rule || filter.severity ? `Showing ${shown} of ${plural(total, 'finding', 'findings')}.` : '';
  }

  function severityBadge(severity) {
    const badge = el('span', `severity severity-${severity}`, severity);
    badge.title = `Severity: ${severity}`;
    return badge;
  }

  /**
   * The findings that save money, one group per rule (largest saving first): the rule, how many
   * findings, what they save a month; open a group to see its sites, each opening its place.
   */
  function savingsSection() {
    const node = section('savings-heading', 'Savings by rule');
    node.id = 'savings-by-rule';
    const total = el('p', 'savings-total');
    total.append(el('span', 'savings', model.totals.savingsSummary));
    node.append(total);
    const groups = Array.isArray(model.savingsByRule) ? model.savingsByRule : [];
    const list = el('ol', 'rule-groups');
    for (const group of groups) list.append(ruleGroup(group));
    node.append(list, el('p', 'empty filter-empty', 'No saving matches the filters.'));
    return node;
  }

  function ruleGroup(group) {
    const item = el('li', 'rule-group');
    item.dataset.rule = group.rule;
    item.dataset.count = String(group.count);
    const details = el('details');
    const summary = el('summary', 'rule-summary');
    const name = el('span', 'rule-name');
    name.append(el('code', undefined, group.rule));
    if (group.summary) name.title = group.summary;
    summary.append(
      name,
      el('span', 'rule-count muted', plural(group.count, 'finding', 'findings')),
      el('span', 'rule-shown muted'),
      el('span', 'num savings rule-amount', `${group.savingsText}/month`),
    );
    const body = el('div', 'rule-body');
    if (group.summary) body.append(el('p', 'rule-description muted', group.summary));
    const sites = el('ul', 'rule-sites');
    for (const opportunity of group.opportunities) {
      const site = el('li', 'rule-site');
      site.dataset.rule = opportunity.rule;
      site.dataset.severity = opportunity.severity;
      const head = el('div', 'rule-site-head');
      head.append(siteLabel(opportunity, opportunity.siteName), el('span', 'num savings', `${opportunity.savingsText}/month`));
      const message = el('p', 'message');
      message.append(severityBadge(opportunity.severity), document.createTextNode(opportunity.message));
      site.append(head, message);
      sites.append(site);
    }
    body.append(sites);
    details.append(summary, body);
    item.append(details);
    return item;
  }

  /** The findings that save nothing, most severe first, as the CLI lists them. */
  function findingsSection(findings) {
    const node = section('findings-heading', `Findings (${findings.length})`);
    node.id = 'findings';
    const list = el('ul', 'finding-list');
    for (const finding of findings) {
      const item = el('li', 'finding');
      item.dataset.rule = finding.rule;
      item.dataset.severity = finding.severity;
      const head = el('div', 'finding-head');
      head.append(severityBadge(finding.severity), el('code', 'finding-rule', finding.rule));
      // A problem of the file itself has no site to open: its place is the file and line.
      head.append(finding.siteName ? siteLabel(finding, finding.siteName) : sitePath(finding.site));
      item.append(head, el('p', 'message', finding.message));
      list.append(item);
    }
    node.append(list, el('p', 'empty filter-empty', 'No finding matches the filters.'));
    return node;
  }

  /** In stacked (narrow) layout each cell shows its column's title before its value. */
  function labelCells(tr, labels) {
    Array.from(tr.cells).forEach((td, index) => {
      if (labels[index]) td.dataset.label = labels[index];
    });
  }

  function sitesSection() {
    const node = section('sites-heading', `Sites (${model.rows.length})`);
    node.id = 'report-sites';
    const wrap = el('div', 'table-wrap');
    sitesTable = el('table', 'sites');
    sitesTable.id = 'sites-table';
    const caption = el('caption', 'visually-hidden');
    const head = el('thead');
    const headRow = el('tr');
    for (const column of columns()) {
      const th = el('th', column.numeric ? 'num' : undefined);
      th.scope = 'col';
      th.dataset.key = column.key;
      const button = el('button', 'sort', column.title);
      button.type = 'button';
      const indicator = el('span', 'sort-indicator');
      // aria-sort already tells assistive technology; the arrow is for the eye.
      indicator.setAttribute('aria-hidden', 'true');
      button.append(indicator);
      button.addEventListener('click', () => sortBy(column));
      th.append(button);
      headRow.append(th);
    }
    head.append(headRow);
    sitesTable.append(caption, head, el('tbody'));
    wrap.append(sitesTable);
    node.append(wrap);
    drawSites();
    return node;
  }

  function sortBy(column) {
    if (sort.key === column.key) sort = { key: column.key, dir: sort.dir === 'asc' ? 'desc' : 'asc' };
    else sort = { key: column.key, dir: column.numeric ? 'desc' : 'asc' };
    saveState();
    // Only the body and the header states change, so keyboard focus stays on the header button.
    drawSites();
  }

  function sortedRows() {
    const column = columns().find((c) => c.key === sort.key) || COLUMNS[4];
    const sign = sort.dir === 'asc' ? 1 : -1;
    return model.rows
      .map((row, index) => ({ row, index }))
      .sort((a, b) => {
        const va = column.value(a.row);
        const vb = column.value(b.row);
        if (va === null || vb === null) return va === vb ? a.index - b.index : va === null ? 1 : -1;
        let order = typeof va === 'number' ? va - vb : va.localeCompare(vb);
        if (order === 0 && column.tie) order = column.tie(a.row, b.row);
        return order * sign || a.index - b.index;
      })
      .map(({ row }) => row);
  }

  function drawSites() {
    const column = columns().find((c) => c.key === sort.key) || COLUMNS[4];
    sitesTable.caption.textContent = `Sites, sorted by ${column.title}, ${DIRECTION_NAMES[sort.dir]}`;
    for (const th of sitesTable.tHead.rows[0].cells) {
      const active = th.dataset.key === sort.key;
      if (active) th.setAttribute('aria-sort', DIRECTION_NAMES[sort.dir]);
      else th.removeAttribute('aria-sort');
      th.querySelector('.sort-indicator').textContent = active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
    }
    const body = el('tbody');
    for (const row of sortedRows()) {
      const tr = el('tr', row.priced ? undefined : 'unpriced');
      const site = el('td', 'site');
      site.append(siteLabel(row, row.name));
      const savings = el('td', row.savings > 0 ? 'num savings' : 'num muted', row.savingsText);
      if (row.findings > 0) savings.title = plural(row.findings, 'finding', 'findings');
      tr.append(
        site,
        el('td', 'model', row.model),
        cell(row.tokensText, row.exact ? undefined : 'Estimated: this model has no public tokenizer'),
        cell(row.perCallText, undefined, row.perCall === null),
        cell(row.monthlyText, undefined, row.monthly === null),
        cell(row.callsText),
        savings,
      );
      if (model.changes) tr.append(changeCell(row.vsBase));
      labelCells(
        tr,
        columns().map((c) => (c.key === 'site' ? undefined : c.title)),
      );
      body.append(tr);
    }
    sitesTable.tBodies[0].replaceWith(body);
  }

  /** A row's change against the base: signed dollars, `new`, `unpriced`, or `—` when unchanged. */
  function changeCell(change) {
    if (!change) return el('td', 'num muted', '');
    const td = el('td', change.status === 'unchanged' || change.diffMonthly === null ? 'num muted' : 'num', change.text);
    if (change.diffMonthly === null && change.status !== 'added') td.title = 'One side has no price: an unknown price is not $0, so there is no dollar change.';
    return td;
  }

  /**
   * The sites added, removed and changed against the base branch, the largest change first, each
   * with why its month moved. A removed site exists only at the base: it is listed, not linked.
   */
  function changesSection(changes) {
    const node = section('changes-heading', `Changes vs ${changes.label} (${changes.sites.length})`);
    node.id = 'changes';
    node.append(el('p', undefined, `Against ${changes.base}: ${changes.headline} · ${changes.counts}`));
    if (changes.unpricedNote) node.append(el('p', 'warning', changes.unpricedNote));
    if (changes.sites.length === 0) {
      node.append(el('p', 'empty', 'No site changed.'));
      return node;
    }
    const list = el('ul', 'change-list');
    for (const change of changes.sites) {
      const item = el('li', 'change');
      item.dataset.status = change.status;
      const head = el('div', 'change-head');
      head.append(el('span', 'change-status', change.status));
      head.append(change.status === 'removed' ? sitePath(change.site) : siteLabel({ ...change, character: 0 }, change.name));
      head.append(el('span', 'num', `${change.pastText} → ${change.monthlyText} (${change.diffText})`));
      item.append(head);
      if (change.reasons.length > 0) item.append(el('p', 'message', change.reasons.join(' · ')));
      list.append(item);
    }
    node.append(list);
    return node;
  }

  function cell(text, title, unpriced) {
    const td = el('td', unpriced ? 'num muted' : 'num', text);
    if (title) td.title = title;
    return td;
  }

  /** A table head of plain column titles: [title, numeric] pairs. */
  function headerRow(columns) {
    const head = el('thead');
    const row = el('tr');
    for (const [text, numeric] of columns) {
      const th = el('th', numeric ? 'num' : undefined, text);
      th.scope = 'col';
      row.append(th);
    }
    head.append(row);
    return head;
  }

  function groupsSection() {
    const wrap = el('div', 'groups');
    wrap.append(
      groupTable(
        'by-model-heading',
        'By model',
        'model',
        model.totals.byModel.map((g) => [g.model, g]),
      ),
      groupTable(
        'by-file-heading',
        'By file',
        'file',
        model.totals.byFile.map((g) => [g.file, g]),
      ),
    );
    return wrap;
  }

  function groupTable(id, title, nameTitle, groups) {
    const node = section(id, title);
    const table = el('table', 'group');
    const head = headerRow([
      [nameTitle, false],
      ['sites', true],
      ['$/month', true],
    ]);
    const body = el('tbody');
    for (const [name, group] of groups) {
      const tr = el('tr');
      const th = el('th', 'name');
      th.scope = 'row';
      // A file's path gives way from the middle, as a site's does; a model id wraps.
      th.append(nameTitle === 'file' ? sitePath(name) : document.createTextNode(name));
      tr.append(th, el('td', 'num', String(group.sites)), el('td', group.unpricedSites === group.sites ? 'num muted' : 'num', group.monthlyText));
      labelCells(tr, [undefined, 'sites', '$/month']);
      body.append(tr);
    }
    table.append(head, body);
    node.append(table);
    return node;
  }

  function skippedSection() {
    const node = section('skipped-heading', `Skipped files (${model.skipped.length})`);
    node.append(el('p', 'muted', 'These files were not estimated and are not in the total.'));
    const list = el('ul', 'skipped');
    for (const { file, reason } of model.skipped) {
      const item = el('li');
      item.append(el('code', undefined, file), document.createTextNode(`: ${reason}`));
      list.append(item);
    }
    node.append(list);
    return node;
  }
})();
