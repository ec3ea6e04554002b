// The real Espruino engine as a board (see board.ts) and where engines are found (locate.ts).
export { EngineBoard, EngineSerialPort, ENGINE_FLASH_FILE, type EngineBoardOptions, type EnginePowerState } from './board';
export {
  enginesDir,
  EngineNotFoundError,
  ESP32_4000_ENGINE,
  ESP32_8000_ENGINE,
  HOW_TO_GET_AN_ENGINE,
  namedEngine,
  resolveEngine,
  STOCK_ENGINE,
} from './locate';
