/**
 * 语音说事 on a page: the hold-to-talk button of a request's form (按住说话 → 正在听… with the seconds
 * → 松开结束; each recording uploaded at once to the person's own folder, or, without a network and
 * where the form can wait for one, kept on the phone until it is sent; the words heard added to the
 * description for them to correct) with the list of recordings made (播放, 删除), and the recordings
 * of a case played back for those who may hear them.
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { RULES } from '../../config/rules';
import type { RecordingView } from '../../types/api';
import type { Recording } from '../../types/domain';
import { ApiFailure, uploadFile } from '../services/api';
import type { PendingRecording } from '../services/drafts';
import { player, startListening, VoiceProblem, type Listening } from '../services/voice';
import { dropKept, isNetworkFailure, keepFile, useKeptSrc } from '../services/waiting';
import { Btn, Field } from './ui';

const { maxSeconds, maxRecordings } = RULES.voice;
/** shorter than this, a press was a tap, not speech */
const SHORTEST_SECONDS = 1;
/** after a touch, browsers send the same press again as mouse events: those are not a second press */
const TOUCH_ECHO_MS = 800;

/** Whole seconds as read out: 1秒 at least. */
const secondsText = (seconds: number) => `${Math.max(1, Math.round(seconds))}秒`;

type Stage = { at: 'idle' } | { at: 'starting' } | { at: 'listening'; since: number } | { at: 'saving' };

/** One play button per recording: 播放 while stopped, 停止 while it plays (one at a time on a page). */
function usePlaying() {
  const [playing, setPlaying] = useState<string | null>(null);
  useEffect(() => () => player.stop(), []);
  const toggle = (id: string, src: string) => {
    if (playing === id) {
      player.stop();
      setPlaying(null);
      return;
    }
    setPlaying(id);
    player.play(src, () => setPlaying((now) => (now === id ? null : now)));
  };
  return { playing, toggle };
}

/** A recording's row: its number and seconds (and `note`: 待上传), 播放 (once it can be played) and 删除 on a form. */
function RecordingRow({
  n,
  seconds,
  note,
  playing,
  onPlay,
  onDelete,
}: {
  n: number;
  seconds: number;
  note?: string;
  playing: boolean;
  onPlay?: () => void;
  onDelete?: () => void;
}) {
  return (
    <View className='recording'>
      <Text className='recording-name'>{`录音${n}（${secondsText(seconds)}）${note ? ` · ${note}` : ''}`}</Text>
      {onPlay && (
        <View className='recording-act' role='button' aria-label={`${playing ? '停止' : '播放'}录音${n}`} onClick={onPlay}>
          <Text>{playing ? '■ 停止' : '▶ 播放'}</Text>
        </View>
      )}
      {onDelete && (
        <View className='recording-act recording-delete' role='button' aria-label={`删除录音${n}`} onClick={onDelete}>
          <Text>删除</Text>
        </View>
      )}
    </View>
  );
}

/** A recording kept on the phone until its form is sent: played from where it is kept. */
function KeptRecording({
  file,
  n,
  playing,
  onPlay,
  onDelete,
}: {
  file: PendingRecording;
  n: number;
  playing: boolean;
  onPlay: (src: string) => void;
  onDelete: () => void;
}) {
  const src = useKeptSrc(file);
  return <RecordingRow n={n} seconds={file.seconds} note='待上传' playing={playing} onPlay={src ? () => onPlay(src) : undefined} onDelete={onDelete} />;
}

/**
 * The talk button and the recordings made: `value` the recordings so far (uploaded, by file id),
 * `onChange` with the new list, `onHeard` with words a recogniser heard (added to the description),
 * `onUploading` how many are still on their way; `error` the server's word on them. With
 * `onWaiting`, a recording that cannot be uploaded for want of a network is kept on the phone
 * instead (`waiting`, listed after the others as 待上传) and uploaded when the form is sent.
 */
export function VoiceInput({
  value,
  onChange,
  onHeard,
  onUploading,
  error,
  waiting = [],
  onWaiting,
}: {
  value: readonly Recording[];
  onChange: (recordings: Recording[]) => void;
  onHeard: (words: string) => void;
  onUploading: (count: number) => void;
  error?: string;
  waiting?: readonly PendingRecording[];
  onWaiting?: (files: PendingRecording[]) => void;
}) {
  const [stage, setStage] = useState<Stage>({ at: 'idle' });
  const [seconds, setSeconds] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const { playing, toggle } = usePlaying();
  const listening = useRef<Listening | null>(null);
  // let go before listening started: stop as soon as it starts
  const released = useRef(false);
  const lastTouch = useRef(0);
  const latest = useRef(value);
  latest.current = value;
  const latestWaiting = useRef(waiting);
  latestWaiting.current = waiting;
  const full = value.length + waiting.length >= maxRecordings;
  const changeWaiting = (files: PendingRecording[]) => {
    latestWaiting.current = files;
    onWaiting?.(files);
  };

  // the seconds count while listening; at the limit it stops by itself
  useEffect(() => {
    if (stage.at !== 'listening') return;
    const tick = setInterval(() => {
      const s = (Date.now() - stage.since) / 1000;
      setSeconds(s);
      if (s >= maxSeconds) listening.current?.stop();
    }, 200);
    return () => clearInterval(tick);
  }, [stage]);

  const keep = async (session: Listening) => {
    const said = await session.done;
    listening.current = null;
    if (!said || said.seconds < SHORTEST_SECONDS) {
      setStage({ at: 'idle' });
      if (said) setProblem('说话时间太短：请按住按钮不放，说完再松开');
      return;
    }
    if (said.text.trim()) onHeard(said.text.trim());
    setStage({ at: 'saving' });
    onUploading(1);
    try {
      const file = await uploadFile('recording', said.path);
      onChange([...latest.current, { file, seconds: said.seconds }].slice(0, maxRecordings));
    } catch (err) {
      if (onWaiting && isNetworkFailure(err)) await keepOnPhone(said.path, said.seconds);
      else setProblem(err instanceof ApiFailure ? err.error.message : '录音没有传上去，请再录一次');
    } finally {
      onUploading(0);
      setStage({ at: 'idle' });
    }
  };

  /** No network: the recording is kept on the phone, to go with the form when it is sent. */
  const keepOnPhone = async (path: string, seconds: number) => {
    try {
      changeWaiting([...latestWaiting.current, { kind: 'recording', kept: await keepFile(path), seconds }]);
    } catch {
      setProblem('没有网络，录音也没有存下，请有网时再录');
    }
  };

  const press = async () => {
    if (full || stage.at !== 'idle') return;
    released.current = false;
    setProblem(null);
    player.stop();
    setStage({ at: 'starting' });
    try {
      const session = await startListening(maxSeconds);
      listening.current = session;
      setSeconds(0);
      setStage({ at: 'listening', since: Date.now() });
      if (released.current) session.stop();
      void keep(session);
    } catch (err) {
      setStage({ at: 'idle' });
      setProblem(err instanceof VoiceProblem ? err.message : '没有开始录音，请再按住说话');
    }
  };
  const letGo = () => {
    released.current = true;
    listening.current?.stop();
  };
  const touch = (then: () => void) => () => {
    lastTouch.current = Date.now();
    then();
  };
  const mouse = (then: () => void) => () => {
    if (Date.now() - lastTouch.current > TOUCH_ECHO_MS) then();
  };
  // a mouse holds the button in h5 (a computer); in the mini-program there are only touches
  const mouseEvents = process.env.TARO_ENV === 'h5' ? { onMouseDown: mouse(() => void press()), onMouseUp: mouse(letGo), onMouseLeave: mouse(letGo) } : {};

  const label =
    stage.at === 'listening'
      ? `正在听… ${secondsText(seconds)}`
      : stage.at === 'starting'
        ? '准备录音…'
        : stage.at === 'saving'
          ? '正在保存录音…'
          : full
            ? `已录${maxRecordings}段，不能再录了`
            : '按住说话';
  return (
    <Field label={`说给代表听（可不说，每段最长${maxSeconds}秒，最多${maxRecordings}段）`} error={problem ?? error}>
      <View
        className={`talk${stage.at === 'listening' ? ' talk-on' : ''}${full ? ' talk-full' : ''}`}
        role='button'
        aria-label={full ? label : '按住说话，松开结束'}
        aria-disabled={full || undefined}
        onTouchStart={touch(() => void press())}
        onTouchEnd={touch(letGo)}
        onTouchCancel={touch(letGo)}
        {...mouseEvents}
      >
        <Text className='talk-label'>{label}</Text>
        {stage.at === 'listening' && <Text className='talk-hint'>松开结束</Text>}
      </View>
      {value.length + waiting.length > 0 && (
        <View className='recordings'>
          {value.map((r, i) => (
            <RecordingRow
              key={r.file}
              n={i + 1}
              seconds={r.seconds}
              playing={playing === r.file}
              onPlay={() => toggle(r.file, r.file)}
              onDelete={() => onChange(latest.current.filter((x) => x.file !== r.file))}
            />
          ))}
          {waiting.map((f, i) => (
            <KeptRecording
              key={f.kept}
              file={f}
              n={value.length + i + 1}
              playing={playing === f.kept}
              onPlay={(src) => toggle(f.kept, src)}
              onDelete={() => {
                changeWaiting(latestWaiting.current.filter((x) => x.kept !== f.kept));
                void dropKept(f);
              }}
            />
          ))}
        </View>
      )}
      {waiting.length > 0 && <Text className='hint'>没有网络，录音先存在手机里，发出时再上传。</Text>}
    </Field>
  );
}

/**
 * A case's recordings as those who may hear them get them (temporary addresses): a play button each,
 * with its seconds; one the media check flagged (the office's to review) with 放行 (`onRelease`).
 */
export function CaseRecordings({ recordings, onRelease }: { recordings: readonly RecordingView[]; onRelease: (id: string) => void }) {
  const { playing, toggle } = usePlaying();
  if (recordings.length === 0) return null;
  return (
    <View className='recordings'>
      <Text className='small'>群众的录音（听声音能认出是谁，请勿外传）</Text>
      {recordings.map((r, i) => (
        <View key={r.id}>
          <RecordingRow n={i + 1} seconds={r.seconds} playing={playing === r.id} onPlay={() => toggle(r.id, r.url)} />
          {r.flagged && (
            <View className='banner banner-warn'>
              <Text className='block'>这段录音没有通过微信检查，承办的人听不到。核对无误可以放行：</Text>
              <Btn onClick={() => onRelease(r.id)}>放行这段录音</Btn>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
