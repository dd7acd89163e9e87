import { Box, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { countByStatus, fleetColumns } from '../../fleet/columns.js';
import type { FleetState } from '../../fleet/poller.js';
import {
  compileClinicFilter,
  indexById,
  type SortKey,
  scrollTop,
  sortClinics,
  sortKeys,
  sortLabels,
} from '../../fleet/table-model.js';
import type { AuditRecord } from '../../store/audit-log.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { ClinicDetail } from './ClinicDetail.js';
import { FleetFooter } from './FleetFooter.js';
import { FleetHeader } from './FleetHeader.js';
import { FleetHelp } from './FleetHelp.js';
import { FleetTable } from './FleetTable.js';

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

type Mode = 'table' | 'detail' | 'help';

/** The current time, re-read every second so "12m ago" and retry countdowns stay true between refreshes. */
function useNow(clock: () => number): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), 1000);
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
  const now = useNow(clock);
  const { columns: width, rows: height } = useTerminalSize();
  const [sortKey, setSortKey] = useState<SortKey>('status');
  const [reverse, setReverse] = useState(false);
  const [filter, setFilter] = useState('');
  const [editingFilter, setEditingFilter] = useState(false);
  const [selectedId, setSelectedId] = useState(initialSelected);
  const [top, setTop] = useState(0);
  const [mode, setMode] = useState<Mode>('table');
  const [notice, setNotice] = useState(initialNotice);
  const [audit, setAudit] = useState<AuditRecord[] | string>('loading');

  // Sorting and filtering 10,000 rows happen only when the rows, the sort or the filter change; a key press
  // that moves the selection costs a map lookup and the visible rows, never a pass over the whole fleet.
  const sorted = useMemo(
    () => sortClinics(state.clinics, sortKey, reverse),
    [state.clinics, sortKey, reverse],
  );
  const compiled = useMemo(() => compileClinicFilter(filter), [filter]);
  const rows = useMemo(() => (filter ? sorted.filter(compiled.matches) : sorted), [sorted, filter, compiled]);
  const positions = useMemo(() => indexById(rows), [rows]);
  const counts = useMemo(() => countByStatus(state.clinics), [state.clinics]);
  const found = selectedId === undefined ? undefined : positions.get(selectedId);
  const selected = found ?? Math.min(rows.length - 1, 0);
  const clinic = rows[selected];
  const footerLines = 1 + (state.error ? 1 : 0) + (notice ? 1 : 0) + (editingFilter || filter ? 1 : 0);
  const tableHeight = Math.max(1, height - 3 - footerLines);
  const visibleTop = scrollTop(top, selected, tableHeight, rows.length);
  const detailId = mode === 'detail' ? clinic?.id : undefined;
  useEffect(() => {
    if (!detailId) return;
    setAudit('loading');
    loadAudit(detailId).then(setAudit, (error: unknown) =>
      setAudit(`cannot read the audit log: ${String(error)}`),
    );
  }, [detailId, loadAudit]);

  // The scroll position moves with the selection in the same update, so a key press commits (and draws) once.
  const select = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    const target = rows[next];
    if (!target) return;
    setSelectedId(target.id);
    setTop(scrollTop(visibleTop, next, tableHeight, rows.length));
  };
  const rotate = () => {
    if (!clinic) return;
    if (onRotate) onRotate(clinic.id);
    else setNotice(`Rotation is not available here; run: clinic-tui rotate ${clinic.id}`);
  };

  useInput((input, key) => {
    if (key.ctrl && input === 'c') return onQuit();
    if (editingFilter) {
      if (key.return) setEditingFilter(false);
      else if (key.escape) {
        setFilter('');
        setEditingFilter(false);
      } else if (key.backspace || key.delete) setFilter((text) => text.slice(0, -1));
      else if (input && !key.ctrl && !key.meta) setFilter((text) => text + input);
      return;
    }
    setNotice(undefined);
    if (mode === 'help') return setMode('table');
    if (input === 'q') return onQuit();
    if (input === '?') return setMode('help');
    if (input === 'r') return source.refreshNow();
    if (input === 'R') return rotate();
    if (mode === 'detail') {
      if (key.escape || key.return) setMode('table');
      return;
    }
    if (key.upArrow || input === 'k') select(selected - 1);
    else if (key.downArrow || input === 'j') select(selected + 1);
    else if (key.pageUp) select(selected - tableHeight);
    else if (key.pageDown) select(selected + tableHeight);
    else if (key.home) select(0);
    else if (key.end) select(rows.length - 1);
    else if (key.return && clinic) setMode('detail');
    else if (input === '/') setEditingFilter(true);
    else if (key.escape) setFilter('');
    else if (input === 's')
      setSortKey((current) => sortKeys[(sortKeys.indexOf(current) + 1) % sortKeys.length]!);
    else if (input === 'S') setReverse((current) => !current);
  });

  return (
    <Box flexDirection="column">
      <FleetHeader state={state} counts={counts} sandbox={sandbox} shown={rows.length} />
      {mode === 'help' ? <FleetHelp /> : null}
      {mode === 'detail' && clinic ? <ClinicDetail clinic={clinic} audit={audit} now={now} /> : null}
      {mode === 'table' ? (
        <FleetTable
          rows={rows}
          columns={fleetColumns('relative')}
          top={visibleTop}
          height={tableHeight}
          selected={selected}
          width={width}
          now={now}
        />
      ) : null}
      <FleetFooter
        state={state}
        filter={filter}
        editingFilter={editingFilter}
        {...(compiled.error ? { filterError: compiled.error } : {})}
        sortLabel={`${sortLabels[sortKey]}${reverse ? ' (reversed)' : ''}`}
        {...(notice ? { notice } : {})}
        now={now}
      />
    </Box>
  );
}
