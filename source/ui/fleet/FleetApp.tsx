import { Box, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { countByStatus, lastSeenText } from '../../fleet/columns.js';
import type { FleetState } from '../../fleet/poller.js';
import { probeCell } from '../../fleet/probe-health.js';
import { layoutColumns, longestIdOf, markSortColumn } from '../../fleet/screen-layout.js';
import { createTableRows, scrollTop, sortLabels } from '../../fleet/table-model.js';
import type { ClinicHealth } from '../../fleet/types.js';
import type { AuditRecord } from '../../store/audit-log.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { ClinicDetail } from './ClinicDetail.js';
import { FleetFooter, retryText } from './FleetFooter.js';
import { FleetHeader } from './FleetHeader.js';
import { FleetHelp } from './FleetHelp.js';
import { FleetTable } from './FleetTable.js';
import { applyKey, type FleetView, initialView } from './fleet-keys.js';

/** What the screen needs from the poller (FleetPoller has this shape). */
export interface FleetSource {
  current(): FleetState;
  subscribe(listener: (state: FleetState) => void): () => void;
  refreshNow(): void;
}

export interface FleetAppProps {
  source: FleetSource;
  sandbox: boolean;
  onQuit(): void;
  /** `R`: the selected clinic's id; undefined when rotation is not available here. */
  onRotate?: (clinicId: string) => void;
  loadAudit(clinicId: string): Promise<AuditRecord[]>;
  clock: () => number;
  /** The clinic to select first (kept across a rotation). */
  initialSelected?: string;
  /** A message for the footer on the first frame (e.g. a failed rotation). */
  initialNotice?: string;
}

/**
 * The current time for the texts that show it (`12m ago`, a probe's `✓ 2h`, the retry countdown). The clock is read every second,
 * but the screen is redrawn only when one of those texts changes: a redraw of the whole screen allocates about a
 * megabyte, and an idle screen that allocates nothing lets V8 give memory back between refreshes.
 */
function useNow(clock: () => number, timeTexts: (now: number) => string): number {
  const [now, setNow] = useState(clock);
  const latest = useRef({ now, timeTexts });
  useEffect(() => {
    latest.current = { now, timeTexts };
  });
  useEffect(() => {
    const timer = setInterval(() => {
      const next = clock();
      // No setState at all when nothing changes: even a state update that React bails out of makes Ink draw.
      const { now: shown, timeTexts: texts } = latest.current;
      if (texts(next) !== texts(shown)) setNow(next);
    }, 1000);
    return () => clearInterval(timer);
  }, [clock]);
  return now;
}

/** The fleet screen: header, the visible slice of the sorted and filtered table, footer; detail and help views. */
export function FleetApp({
  source,
  sandbox,
  onQuit,
  onRotate,
  loadAudit,
  clock,
  initialSelected,
  initialNotice,
}: FleetAppProps) {
  const subscribe = useCallback((onChange: () => void) => source.subscribe(onChange), [source]);
  const current = useCallback(() => source.current(), [source]);
  const state = useSyncExternalStore(subscribe, current, current);
  const { columns: width, rows: height } = useTerminalSize();
  const [tableRows] = useState(createTableRows);
  // The view is kept in a ref as well as in state: each key is applied to the newest view, even when several
  // keys arrive before the next frame (see fleet-keys.ts); the state only makes React draw it.
  const latest = useRef(initialView(initialSelected, initialNotice));
  const [view, setView] = useState(latest.current);
  const [audit, setAudit] = useState<AuditRecord[] | string>('loading');

  const layout = (shown: FleetView, clinics: ClinicHealth[]) => {
    const table = tableRows(clinics, shown);
    const found = shown.selectedId === undefined ? undefined : table.positions.get(shown.selectedId);
    const selected = found ?? Math.min(table.rows.length - 1, 0);
    const footerLines =
      1 + (state.error ? 1 : 0) + (shown.notice ? 1 : 0) + (shown.editingFilter || shown.filter ? 1 : 0);
    const tableHeight = Math.max(1, height - 3 - footerLines);
    return { ...table, selected, tableHeight };
  };
  const { rows, filterError, selected, tableHeight } = layout(view, state.clinics);
  const counts = useMemo(() => countByStatus(state.clinics), [state.clinics]);
  const longestId = useMemo(() => longestIdOf(state.clinics), [state.clinics]);
  const columns = useMemo(
    () => layoutColumns(width, state.clinics, longestId),
    [width, state.clinics, longestId],
  );
  const clinic = rows[selected];
  const visibleTop = scrollTop(view.top, selected, tableHeight, rows.length);
  const visibleRows = view.mode === 'table' ? rows.slice(visibleTop, visibleTop + tableHeight) : [];
  const now = useNow(
    clock,
    (at) =>
      `${retryText(state, at)}${visibleRows.map((row) => lastSeenText(row, at, 'relative') + probeCell(row.probe, at)).join()}`,
  );
  const detailId = view.mode === 'detail' ? clinic?.id : undefined;
  useEffect(() => {
    if (!detailId) return;
    setAudit('loading');
    loadAudit(detailId).then(setAudit, (error: unknown) =>
      setAudit(`cannot read the audit log: ${String(error)}`),
    );
  }, [detailId, loadAudit]);

  useInput((input, key) => {
    const before = latest.current;
    const context = layout(before, source.current().clinics);
    const { view: next, command } = applyKey(before, input, key, context);
    latest.current = next;
    setView(next);
    if (command === 'quit') onQuit();
    else if (command === 'refresh') source.refreshNow();
    else if (command === 'rotate') rotate(context.rows[context.selected]);
  });
  const rotate = (target: ClinicHealth | undefined) => {
    if (!target) return;
    if (onRotate) onRotate(target.id);
    else {
      latest.current = {
        ...latest.current,
        notice: `Rotation is not available here; run: clinic-tui rotate ${target.id}`,
      };
      setView(latest.current);
    }
  };

  return (
    <Box flexDirection="column">
      <FleetHeader state={state} counts={counts} sandbox={sandbox} shown={rows.length} />
      {view.mode === 'help' ? <FleetHelp /> : null}
      {view.mode === 'detail' && clinic ? <ClinicDetail clinic={clinic} audit={audit} now={now} /> : null}
      {view.mode === 'table' ? (
        <FleetTable
          rows={visibleRows}
          columns={markSortColumn(columns, view.sortKey, view.reverse)}
          top={visibleTop}
          selected={selected}
          now={now}
        />
      ) : null}
      <FleetFooter
        state={state}
        mode={view.mode}
        width={width}
        filter={view.filter}
        editingFilter={view.editingFilter}
        {...(filterError ? { filterError } : {})}
        sortLabel={`${sortLabels[view.sortKey]}${view.reverse ? ' (reversed)' : ''}`}
        {...(view.notice ? { notice: view.notice } : {})}
        now={now}
      />
    </Box>
  );
}
