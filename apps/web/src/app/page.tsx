import { MAX_MESSAGE_LENGTH } from '@samvad/protocol';
export default function Home() {
  return <main className="p-4">Samvad {MAX_MESSAGE_LENGTH}</main>;
}
