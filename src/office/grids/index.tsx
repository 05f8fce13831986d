/**
 * 网格管理: the office (any village of its county) or a township's assigner (its township's villages)
 * keeps the grids of a village — code, name, village, staff (the first the 网格长), representatives
 * and resident backbones — and reads each grid's figures for a period against the county's visit
 * rule: visit days, weeks meeting the rule, households, requests raised and how they stand. A
 * grid's row opens the ledger narrowed to its cases.
 */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import { percentText } from '../../domain/labels';
import { PERIOD_TEXT, type PeriodKind } from '../../domain/periods';
import type { GridRow } from '../../domain/grids';
import type { GridView, KeptVillage } from '../../server/usecases/grids';
import { LineField, SendButton, useSend } from '../../components/office-forms';
import { Btn, Card, Chips, choicesOf, Empty, Field, Row, Screen, Show, Toggles } from '../../components/ui';
import { call, request } from '../../services/api';
import { fullDate } from '../../services/format';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

const ALL = 'all';
/** names typed in one line, parted by 、 , ， or spaces */
const namesIn = (line: string): string[] => line.split(/[、,，\s]+/).filter(Boolean);

export default function GridsPage() {
  const [period, setPeriod] = useState<PeriodKind>('month');
  const [village, setVillage] = useState<string>(ALL);
  const [editing, setEditing] = useState<GridView | 'new' | null>(null);
  const kept = useRemote(() => request('grid', 'list', {}));
  const figures = useRemote(() => request('grid', 'figures', { period, ...(village === ALL ? {} : { villageId: village }) }), [period, village]);
  return (
    <Screen wide>
      <Show remote={kept}>
        {({ grids, villages }) => (
          <>
            {editing ? (
              <GridForm
                grid={editing === 'new' ? null : editing}
                villages={villages}
                villageId={village === ALL ? (villages[0]?.id ?? '') : village}
                onDone={() => {
                  setEditing(null);
                  kept.reload();
                  figures.reload();
                }}
              />
            ) : (
              <Btn kind='primary' onClick={() => setEditing('new')}>
                新增网格
              </Btn>
            )}
            {villages.length > 1 && (
              <Chips
                options={[{ value: ALL, label: '全部村(社区)' }, ...villages.map((v) => ({ value: v.id, label: v.name }))]}
                value={village}
                onChange={setVillage}
              />
            )}
            <Chips options={choicesOf(PERIOD_TEXT)} value={period} onChange={setPeriod} />
            <Show remote={figures}>
              {(f) => (
                <View className='desk-columns'>
                  <Text className='small'>{`${fullDate(f.from)} 至 ${fullDate(f.to)} · 县里的规定：每周至少走访${f.visitDaysPerWeek}天`}</Text>
                  {f.grids.length === 0 && <Empty text='这里还没有网格。点「新增网格」，或在「导入组织架构」的网格表里填写。' />}
                  {f.grids.map((row) => (
                    <GridFigureCard key={row.gridId} row={row} grid={grids.find((g) => g.id === row.gridId)} onEdit={setEditing} />
                  ))}
                </View>
              )}
            </Show>
          </>
        )}
      </Show>
    </Screen>
  );
}

/** One grid: its people, its visits against the rule and its requests; opens its cases in the ledger. */
function GridFigureCard({ row, grid, onEdit }: { row: GridRow; grid: GridView | undefined; onEdit: (grid: GridView) => void }) {
  const counted = row.compliance.denominator;
  return (
    <Card className='grid-figures'>
      <Text className='card-title'>{`${row.villageName} · ${row.name}`}</Text>
      <Row label='编号'>{row.code}</Row>
      {grid && (
        <Row label='人员'>
          {[`网格长 ${grid.head}`, ...(grid.representatives.length ? [`党代表 ${grid.representatives.map((r) => r.name).join('、')}`] : [])].join('；')}
        </Row>
      )}
      <Row label='走访'>{`${row.visitDays}天，${row.visits}次，${row.households}户`}</Row>
      <Row label='达标'>{counted === 0 ? '还没有可以计算的整周' : `${row.compliance.numerator}/${counted}周达标，达标率 ${percentText(row.compliance)}`}</Row>
      <Row label='诉求'>{`${row.requests}件：未办结 ${row.open}，已办结 ${row.closed}，超期 ${row.overdue}${row.overdueNow ? `（现超期 ${row.overdueNow}）` : ''}`}</Row>
      <View className='links'>
        <View className='link' onClick={() => go(pages.ledger(row.gridId))}>
          <Text>{`看${row.name}的诉求台账`}</Text>
        </View>
        {grid && (
          <View className='link' onClick={() => onEdit(grid)}>
            <Text>{`修改${row.name}`}</Text>
          </View>
        )}
      </View>
    </Card>
  );
}

/** Adds a grid, or edits one (kept by its code): saved, it is listed with its figures. */
function GridForm({ grid, villages, villageId, onDone }: { grid: GridView | null; villages: KeptVillage[]; villageId: string; onDone: () => void }) {
  const [code, setCode] = useState(grid?.code ?? '');
  const [name, setName] = useState(grid?.name ?? '');
  const [village, setVillage] = useState(grid?.villageId ?? villageId);
  const [staff, setStaff] = useState(grid?.staffNames.join('、') ?? '');
  const [reps, setReps] = useState<string[]>(grid?.representatives.map((r) => r.id) ?? []);
  const [backbones, setBackbones] = useState(grid?.backbones.join('、') ?? '');
  const { sending, error, send, fieldError } = useSend(onDone, '已保存');
  const linked = villages.find((v) => v.id === village)?.representatives ?? [];
  const save = () =>
    void send(() =>
      call('grid', 'save', {
        code: code.trim(),
        name: name.trim(),
        villageId: village,
        staffNames: namesIn(staff),
        representativeIds: reps.filter((id) => linked.some((r) => r.id === id)),
        backbones: namesIn(backbones),
      }),
    );
  return (
    <Card className='grid-form'>
      <Text className='card-title'>{grid ? `修改${grid.name}` : '新增网格'}</Text>
      {grid ? (
        <Row label='编号'>{grid.code}</Row>
      ) : (
        <LineField label='编号（字母、数字）' value={code} max={64} error={fieldError('code')} onChange={setCode} />
      )}
      <LineField label='网格名称' value={name} max={40} error={fieldError('name')} onChange={setName} />
      <Field label='所在村(社区)' error={fieldError('villageId')}>
        <Chips options={villages.map((v) => ({ value: v.id, label: v.name }))} value={village} onChange={setVillage} />
      </Field>
      <LineField
        label='网格员（第一位是网格长，用顿号隔开）'
        value={staff}
        max={RULES.text.nameMax * 30}
        error={fieldError('staffNames')}
        onChange={setStaff}
      />
      <Field label='党代表' hint={linked.length ? undefined : '这个村(社区)还没有在任的党代表'} error={fieldError('representativeIds')}>
        <Toggles options={linked.map((r) => ({ value: r.id, label: r.name }))} value={reps} onChange={setReps} />
      </Field>
      <LineField
        label='群众骨干（可不填，用顿号隔开）'
        value={backbones}
        max={RULES.text.nameMax * 50}
        error={fieldError('backbones')}
        onChange={setBackbones}
      />
      <SendButton label='保存网格' sending={sending} error={error} onSend={save} />
      <Btn onClick={onDone}>不改了</Btn>
    </Card>
  );
}
